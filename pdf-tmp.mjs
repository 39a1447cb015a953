import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readFileSync, readdirSync } from 'node:fs';
import { fileTypeFromBuffer } from 'file-type';
const dir = '/work/shared/corpora/documents/pdf';
for (const n of readdirSync(dir).filter(n=>n.endsWith('.pdf'))) {
  const bytes = new Uint8Array(readFileSync(dir+'/'+n));
  const ft = await fileTypeFromBuffer(bytes);
  const t0 = performance.now();
  try {
    const doc = await getDocument({ data: bytes, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0, stopAtErrors: false }).promise;
    let text = '';
    const pages = Math.min(doc.numPages, 100);
    for (let i = 1; i <= pages; i++) { const p = await doc.getPage(i); const tc = await p.getTextContent(); for (const it of tc.items) { if ('str' in it) { text += it.str; if (it.hasEOL) text += '\n'; } } text += '\n\n'; p.cleanup(); }
    const meta = await doc.getMetadata().catch(()=>null);
    await doc.destroy();
    console.log(n, ft?.ext, doc.numPages, text.length, Math.round(performance.now()-t0)+'ms', JSON.stringify(meta?.info?.Title ?? null), JSON.stringify(text.slice(0,60)));
  } catch (e) { console.log(n, ft?.ext, 'ERR', e.name, e.message.slice(0,80), Math.round(performance.now()-t0)+'ms'); }
}
