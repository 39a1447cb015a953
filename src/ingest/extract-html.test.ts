/**
 * Goal: extractHtml() keeps readable text and headings and drops what is not content.
 * Method: the real Readability test pages (their expected metadata gives the title and
 * their expected article the text that must survive), plus small literal pages.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractHtml } from './extract-html.ts';
import { corpusFile, hasCorpus } from './fs-test-corpus.ts';

const page = (name: string): string => readFileSync(corpusFile(`html/readability/${name}/source.html`), 'utf8');
const expectedTitle = (name: string): string =>
  (JSON.parse(readFileSync(corpusFile(`html/readability/${name}/expected-metadata.json`), 'utf8')) as { title: string }).title;

describe.skipIf(!hasCorpus)('extractHtml() on real pages', () => {
  it.each(['wikipedia', 'lwn-1', 'qq', 'lemonde-1', 'google-sre-book-1'])('extractHtml() reads the <title> of %s', (name) => {
    expect(extractHtml(page(name), 1e7).title).toBe(expectedTitle(name).replace(/\s+/g, ' ').trim());
  });

  it('extractHtml() keeps the article text of a real page', () => {
    const { text } = extractHtml(page('wikipedia'), 1e7);
    expect(text).toContain('The Mozilla Foundation');
    expect(text).toContain('Firefox');
  });

  it('extractHtml() turns the headings of a real page into sections', () => {
    const { sections } = extractHtml(page('google-sre-book-1'), 1e7);
    expect(sections?.map((section) => section.heading)).toContain('Monitoring Distributed Systems');
  });

  it('extractHtml() leaves no script or style source in the text', () => {
    const { text } = extractHtml(page('wikipedia'), 1e7);
    expect(text).not.toMatch(/function\s*\(|document\.|\{\s*[a-z-]+\s*:/);
  });
});

describe('extractHtml()', () => {
  it('extractHtml() drops script, style, noscript, template and hidden elements', () => {
    const html = '<p>kept</p><script>var x = 1;</script><style>p{}</style><noscript>ns</noscript><template>t</template><div hidden>h</div>';
    expect(extractHtml(html, 1e6).text).toBe('kept');
  });

  it('extractHtml() decodes entities', () => {
    expect(extractHtml('<p>Fish &amp; chips &lt;3 &eacute;t&eacute; &#8364;5</p>', 1e6).text).toBe('Fish & chips <3 été €5');
  });

  it('extractHtml() makes sections whose text is a slice of the document text', () => {
    const document = extractHtml('<h1>One</h1><p>alpha</p><h2>Two</h2><p>beta</p>', 1e6);
    expect(document.sections).toEqual([
      { heading: 'One', startChar: 0, text: 'One\n\nalpha\n\n' },
      { heading: 'Two', startChar: 12, text: 'Two\n\nbeta' },
    ]);
    expect(document.text).toBe('One\n\nalpha\n\nTwo\n\nbeta');
  });

  it('extractHtml() keeps each table row on one line with cells separated by bars', () => {
    expect(extractHtml('<table><tr><th>a</th><th>b</th></tr><tr><td><p>1</p></td><td>2</td></tr></table>', 1e6).text).toBe('a | b\n1 | 2');
  });

  it('extractHtml() cuts the text at the character limit and says so', () => {
    const document = extractHtml(`<p>${'word '.repeat(100)}</p>`, 50);
    expect(document.text.length).toBe(50);
    expect(document.truncated).toBe(true);
  });
});
