/**
 * Goal: the parent refuses any worker message that is malformed, about another job or
 * file, or out of place, and the result window lets an honest worker through while it
 * bounds what the parent holds. Method: literal messages for the checks, and a fast-check
 * model of a sender and a receiver whose acknowledgements arrive late.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractSkip } from './extract-result.ts';
import type { ExtractResult } from './extract-result.ts';
import type { JobIdentity } from './worker-protocol.ts';
import { ResultLedger, parseWorkerMessage, resultChars } from './worker-protocol.ts';

const running: JobIdentity = { jobId: 7, path: 'docs/a.zip', sourcePath: '/home/me/docs/a.zip' };
const skipOf = (path: string): ExtractResult => extractSkip({ path, sourcePath: running.sourcePath }, 'empty file');
const usage = { cpuMs: 12, heapUsedBytes: 1024 };

describe('parseWorkerMessage()', () => {
  it('parseWorkerMessage() accepts a finished job with its results and usage', () => {
    const message = { type: 'progress', jobId: 7, results: [skipOf('docs/a.zip!/m.txt')], done: true, usage };
    expect(parseWorkerMessage(message, running)).toEqual(message);
  });

  it('parseWorkerMessage() accepts a finished job without usage', () => {
    expect(parseWorkerMessage({ type: 'progress', jobId: 7, results: [skipOf('docs/a.zip')], done: true }, running)).toMatchObject({ done: true });
  });

  it('parseWorkerMessage() refuses progress for a job other than the running one', () => {
    expect(parseWorkerMessage({ type: 'progress', jobId: 8, results: [skipOf('docs/a.zip')], done: true }, running)).toBeUndefined();
  });

  it('parseWorkerMessage() refuses progress when no job is owed', () => {
    expect(parseWorkerMessage({ type: 'progress', jobId: 7, results: [], done: true }, undefined)).toBeUndefined();
  });

  it('parseWorkerMessage() refuses a result for a file outside the running job', () => {
    expect(parseWorkerMessage({ type: 'progress', jobId: 7, results: [skipOf('docs/a.zipper')], done: false }, running)).toBeUndefined();
  });

  it('parseWorkerMessage() refuses an empty progress message that does not finish the job', () => {
    expect(parseWorkerMessage({ type: 'progress', jobId: 7, results: [], done: false }, running)).toBeUndefined();
  });

  it('parseWorkerMessage() refuses usage on an unfinished job', () => {
    expect(parseWorkerMessage({ type: 'progress', jobId: 7, results: [skipOf('docs/a.zip!/m.txt')], done: false, usage }, running)).toBeUndefined();
  });

  it('parseWorkerMessage() refuses a failure with a code outside the catalog', () => {
    const forged = { ok: false, skipped: false, path: 'docs/a.zip', sourcePath: running.sourcePath, code: 'ERR_ANYTHING', reason: 'x' };
    expect(parseWorkerMessage({ type: 'progress', jobId: 7, results: [forged], done: true }, running)).toBeUndefined();
  });

  it('parseWorkerMessage() reads ready and wait without a job', () => {
    expect(parseWorkerMessage({ type: 'ready' }, undefined)).toEqual({ type: 'ready' });
    expect(parseWorkerMessage({ type: 'wait' }, undefined)).toEqual({ type: 'wait' });
  });
});

describe('ResultLedger', () => {
  it('ResultLedger.fits() lets one result of any size through when nothing is outstanding', () => {
    const ledger = new ResultLedger({ resultsMax: 2, charsMax: 10 });
    expect(ledger.fits(1_000_000)).toBe(true);
  });

  it('ResultLedger.fits() refuses a result past the count window', () => {
    const ledger = new ResultLedger({ resultsMax: 2, charsMax: 1000 });
    ledger.add(1);
    ledger.add(1);
    expect(ledger.fits(1)).toBe(false);
  });

  it('ResultLedger.fits() refuses a result past the characters window', () => {
    const ledger = new ResultLedger({ resultsMax: 10, charsMax: 100 });
    ledger.add(60);
    expect(ledger.fits(41)).toBe(false);
  });

  it('ResultLedger.takeUpTo() frees the oldest results and ignores a stale total', () => {
    const ledger = new ResultLedger({ resultsMax: 10, charsMax: 100 });
    ledger.add(60);
    ledger.add(30);
    ledger.takeUpTo(1);
    ledger.takeUpTo(0);
    expect({ outstanding: ledger.outstanding, fits70: ledger.fits(70), fits71: ledger.fits(71) }).toEqual({ outstanding: 1, fits70: true, fits71: false });
  });

  it('ResultLedger never refuses at the receiver what an honest sender sent under late acks', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('send' as const), chars: fc.integer({ min: 0, max: 80 }) }),
      fc.record({ kind: fc.constant('receive' as const) }),
      fc.record({ kind: fc.constant('take' as const) }),
      fc.record({ kind: fc.constant('ack' as const) }),
    );
    fc.assert(fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
      const window = { resultsMax: 3, charsMax: 100 };
      const sender = new ResultLedger(window);
      const receiver = new ResultLedger(window);
      const inFlight: number[] = [];
      for (const action of steps) {
        if (action.kind === 'send' && sender.fits(action.chars)) {
          sender.add(action.chars);
          inFlight.push(action.chars);
        } else if (action.kind === 'receive' && inFlight.length > 0) {
          const chars = inFlight.shift() as number;
          if (!receiver.fits(chars)) return false;
          receiver.add(chars);
        } else if (action.kind === 'take' && receiver.outstanding > 0) receiver.takeUpTo(receiver.taken + 1);
        else if (action.kind === 'ack') sender.takeUpTo(receiver.taken);
      }
      return receiver.outstanding <= window.resultsMax;
    }));
  });
});

describe('resultChars()', () => {
  it('resultChars() counts a result by its strings, sections by their headings', () => {
    const result: ExtractResult = {
      ok: true, skipped: false, path: 'a.md', sourcePath: 'a.md', contentHash: 'h', kind: 'markdown', mime: 'text/markdown',
      title: 'T', text: '# H\nbody', sections: [{ heading: 'H', text: '# H\nbody', startChar: 0 }], sizeBytes: 8, truncated: false,
    };
    expect(resultChars(result)).toBe(4 + 4 + 1 + 8 + 1);
  });
});
