/**
 * Goal: extractBuffer() opens archives recursively and survives hostile ones: bombs
 * (overlapping entries, nested), depth, zip-slip names, links and devices, entry floods,
 * truncation and corrupt documents all end as results with stable codes, never as a
 * crash, a hang or runaway memory. Method: archives built in memory by the test (no
 * hostile file is stored anywhere), plus the corpus's malformed archives.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gzipOf, nestedZipBomb, nestedZips, overlappingZipBomb, tarOf, zipOf } from './archive-builders.testing.ts';
import { extractBuffer } from './extract-buffer.ts';
import { resolveExtractLimits } from './extract-limits.ts';
import type { ExtractLimitsOptions } from './extract-limits.ts';
import type { ExtractResult } from './extract-result.ts';
import { corpusFile, hasCorpus } from './fs-test-corpus.ts';

async function extract(path: string, bytes: Uint8Array, overrides: ExtractLimitsOptions = {}): Promise<ExtractResult[]> {
  const results: ExtractResult[] = [];
  for await (const result of extractBuffer({ path, sourcePath: path, bytes }, resolveExtractLimits(overrides))) results.push(result);
  return results;
}

const summary = (results: readonly ExtractResult[]): string[] =>
  results.map((result) => `${result.path} ${result.ok ? `ok:${result.text}` : result.skipped ? 'skipped' : result.code}`);

describe('extractBuffer() on benign archives', () => {
  it('extractBuffer() gives each member of a zip a virtual path', async () => {
    const results = await extract('a.zip', zipOf({ 'docs/readme.md': '# Hi\n\nthere', 'notes.txt': 'plain' }));
    expect(summary(results)).toEqual(['a.zip!/docs/readme.md ok:# Hi\n\nthere', 'a.zip!/notes.txt ok:plain']);
  });

  it('extractBuffer() reads a .tar.gz as one archive level', async () => {
    const tarGz = gzipOf(await tarOf([{ name: 'dir/', type: 'directory' }, { name: 'dir/a.txt', content: 'alpha' }]));
    expect(summary(await extract('b.tar.gz', tarGz))).toEqual(['b.tar.gz!/dir/a.txt ok:alpha']);
  });

  it('extractBuffer() names a gzip member after the archive', async () => {
    expect(summary(await extract('log.txt.gz', gzipOf('line one')))).toEqual(['log.txt.gz!/log.txt ok:line one']);
  });

  it('extractBuffer() hashes each member\'s own bytes and keeps the source path', async () => {
    const [result] = await extract('c.zip', zipOf({ 'x.txt': 'abc' }));
    expect(result).toMatchObject({
      ok: true, sourcePath: 'c.zip', sizeBytes: 3,
      contentHash: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    });
  });

  it('extractBuffer() reports an archive with no files as skipped', async () => {
    expect(summary(await extract('empty.tar', await tarOf([{ name: 'dir/', type: 'directory' }])))).toEqual(['empty.tar skipped']);
  });

  it('extractBuffer() opens archives nested 8 deep', async () => {
    const results = await extract('deep.zip', nestedZips(8, 'bottom'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: true, text: 'bottom' });
    expect(results[0]?.path.split('!/')).toHaveLength(9);
  });
});

describe('extractBuffer() on hostile archives', () => {
  it('extractBuffer() refuses archives nested deeper than 8 with INGEST_LIMIT', async () => {
    const results = await extract('deep.zip', nestedZips(10, 'bottom'));
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ok: false, code: 'INGEST_LIMIT' });
    expect(results[0]?.path.split('!/')).toHaveLength(9);
  });

  it('extractBuffer() stops an overlapping-entry zip bomb at the expansion ratio', async () => {
    const bomb = overlappingZipBomb(8 * 1024 * 1024, 500);
    const started = performance.now();
    const results = await extract('bomb.zip', bomb);
    expect(bomb.length).toBeLessThan(200_000);
    expect(results.at(-1)).toMatchObject({ path: 'bomb.zip', ok: false, code: 'INGEST_LIMIT' });
    expect(results.length).toBeLessThan(20);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('extractBuffer() stops a nested zip bomb once for the whole root file', async () => {
    const bomb = nestedZipBomb(3, 10, 10 * 1024 * 1024);
    const results = await extract('42.zip', bomb);
    const failures = results.filter((result) => !result.ok && !result.skipped);
    expect(failures).toEqual([expect.objectContaining({ path: '42.zip', code: 'INGEST_LIMIT' })]);
  });

  it('extractBuffer() stops at the total expanded-bytes cap', async () => {
    const zip = zipOf({ 'a.txt': 'x'.repeat(600_000), 'b.txt': 'y'.repeat(600_000) });
    const results = await extract('big.zip', zip, { archiveExpandedBytesMax: 1_000_000, archiveRatioCheckBytesMin: 999_999 });
    expect(summary(results).at(-1)).toBe('big.zip INGEST_LIMIT');
  });

  it('extractBuffer() refuses "../" and absolute member names and keeps the safe members', async () => {
    const zip = zipOf({ '../evil.txt': 'x', '/abs.txt': 'x', 'C:/win.txt': 'x', 'fine.txt': 'kept' });
    expect(summary(await extract('slip.zip', zip))).toEqual([
      'slip.zip!/../evil.txt INGEST_ARCHIVE_UNSAFE',
      'slip.zip!//abs.txt INGEST_ARCHIVE_UNSAFE',
      'slip.zip!/C:/win.txt INGEST_ARCHIVE_UNSAFE',
      'slip.zip!/fine.txt ok:kept',
    ]);
  });

  it('extractBuffer() refuses zip members whose Unix mode is a symlink or a device', async () => {
    const zip = zipOf({ link: { data: '/etc/passwd', unixMode: 0o120777 }, fifo: { data: '', unixMode: 0o010644 }, 'ok.txt': { data: 'kept', unixMode: 0o100644 } });
    expect(summary(await extract('modes.zip', zip))).toEqual(['modes.zip!/link INGEST_ARCHIVE_UNSAFE', 'modes.zip!/fifo INGEST_ARCHIVE_UNSAFE', 'modes.zip!/ok.txt ok:kept']);
  });

  it('extractBuffer() refuses tar symlinks, hard links, devices and "../" names', async () => {
    const tar = await tarOf([
      { name: 'sym', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'hard', type: 'link', linkname: 'ok.txt' },
      { name: 'dev', type: 'character-device', devmajor: 1, devminor: 3 },
      { name: '../up.txt', content: 'x' },
      { name: 'ok.txt', content: 'kept' },
    ]);
    expect(summary(await extract('t.tar', tar))).toEqual([
      't.tar!/sym INGEST_ARCHIVE_UNSAFE', 't.tar!/hard INGEST_ARCHIVE_UNSAFE', 't.tar!/dev INGEST_ARCHIVE_UNSAFE',
      't.tar!/../up.txt INGEST_ARCHIVE_UNSAFE', 't.tar!/ok.txt ok:kept',
    ]);
  });

  it('extractBuffer() stops after 10,000 entries with INGEST_LIMIT', async () => {
    const members: Record<string, string> = {};
    for (let index = 0; index <= 10_000; index += 1) members[`f${index}.txt`] = 'x';
    const results = await extract('flood.zip', zipOf(members));
    expect(results.filter((result) => result.ok)).toHaveLength(10_000);
    expect(summary(results).at(-1)).toBe('flood.zip INGEST_LIMIT');
  }, 60_000);

  it('extractBuffer() refuses a member larger than the file cap and goes on', async () => {
    const zip = zipOf({ 'big.txt': 'x'.repeat(5000), 'small.txt': 'kept' });
    expect(summary(await extract('m.zip', zip, { fileSizeBytesMax: 4096 }))).toEqual(['m.zip!/big.txt INGEST_LIMIT', 'm.zip!/small.txt ok:kept']);
  });

  it('extractBuffer() reports a truncated zip with INGEST_EXTRACT_FAILED', async () => {
    const zip = zipOf({ 'a.txt': 'alpha '.repeat(100), 'b.txt': 'beta '.repeat(100) });
    expect(summary(await extract('cut.zip', zip.subarray(0, zip.length - 30)))).toEqual(['cut.zip INGEST_EXTRACT_FAILED']);
  });

  it('extractBuffer() reports a truncated tar.gz with INGEST_EXTRACT_FAILED', async () => {
    const tarGz = gzipOf(await tarOf([{ name: 'a.txt', content: 'alpha '.repeat(2000) }]));
    expect(summary(await extract('cut.tgz', tarGz.subarray(0, tarGz.length / 2)))).toEqual(['cut.tgz INGEST_EXTRACT_FAILED']);
  });

  it('extractBuffer() reports a corrupt PDF inside an archive and goes on', async () => {
    const zip = zipOf({ 'broken.pdf': '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ngarbage', 'ok.txt': 'kept' });
    expect(summary(await extract('docs.zip', zip))).toEqual(['docs.zip!/broken.pdf INGEST_EXTRACT_FAILED', 'docs.zip!/ok.txt ok:kept']);
  });
});

describe('extractBuffer() result order', () => {
  // The worker sends a root-path result together with "done", without waiting to see
  // whether more follow; this pins the order that makes that safe.
  it.each([
    ['a document', async (): Promise<Uint8Array> => new TextEncoder().encode('plain words\n')],
    ['an archive with members', async (): Promise<Uint8Array> => zipOf({ 'a.txt': 'alpha', 'b.txt': 'beta' })],
    ['an empty archive', async (): Promise<Uint8Array> => zipOf({})],
    ['a truncated archive', async (): Promise<Uint8Array> => gzipOf(await tarOf([{ name: 'a.txt', content: 'alpha '.repeat(2000) }])).subarray(0, 200)],
    ['a nested zip bomb', async (): Promise<Uint8Array> => nestedZipBomb(3, 10, 10 * 1024 * 1024)],
    ['archives nested too deep', async (): Promise<Uint8Array> => nestedZips(10, 'bottom')],
  ])('extractBuffer() reports the root path of %s only as its last result', async (_name, build) => {
    const results = await extract('root', await build());
    const rootIndexes = results.flatMap((result, index) => (result.path === 'root' ? [index] : []));
    expect(rootIndexes.every((index) => index === results.length - 1)).toBe(true);
  });
});

describe.skipIf(!hasCorpus)('extractBuffer() on the corpus archives', () => {
  const archive = (name: string): Uint8Array => readFileSync(corpusFile(`misc/archives/${name}`));

  it.each([
    ['zip/bad-path-traversal-dotdot.zip', ['x!/../xt INGEST_ARCHIVE_UNSAFE', 'x!/b.txt ok:bsdf']],
    ['zip/bad-absolute-path-unix.zip', ['x!//atxt INGEST_ARCHIVE_UNSAFE', 'x!/b.txt ok:bsdf']],
    ['zip/bad-truncated-no-eocd.zip', ['x INGEST_EXTRACT_FAILED']],
    ['zip/ok-traditional-encryption.zip', ['x!/a.txt INGEST_ENCRYPTED']],
    ['zip/bad-size-mismatch-too-few-bytes.zip', ['x!/zeros.bin INGEST_EXTRACT_FAILED']],
    ['tar/types.tar', ['x!/directory-link INGEST_ARCHIVE_UNSAFE']],
    ['tar/incomplete.tar', ['x!/file-1.txt ok:i am file-1', 'x INGEST_EXTRACT_FAILED']],
  ])('extractBuffer() reads %s as expected', async (name, expected) => {
    expect(summary(await extract('x', archive(name)))).toEqual(expected);
  });
});
