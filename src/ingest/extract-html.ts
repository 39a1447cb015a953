/**
 * HTML extraction with htmlparser2: visible text with paragraphs and line breaks kept,
 * headings (h1–h6) as sections, entities decoded, and script, style, noscript, template,
 * head, svg, iframe, object and `hidden` elements dropped. Title: `<title>`, else the
 * first h1. Pure (the input is already decoded text).
 */
import { Parser } from 'htmlparser2';
import type { ExtractedDocument } from './extracted-document.ts';
import { TextBuilder } from './text-builder.ts';

const skippedTags = new Set(['script', 'style', 'noscript', 'template', 'head', 'svg', 'iframe', 'object', 'embed', 'canvas']);
const paragraphTags = new Set([
  'p', 'div', 'section', 'article', 'ul', 'ol', 'dl', 'table', 'blockquote', 'figure', 'header', 'footer',
  'main', 'nav', 'aside', 'form', 'fieldset', 'details', 'hr', 'address', 'body', 'center',
]);
const lineTags = new Set(['br', 'li', 'tr', 'dt', 'dd', 'option', 'caption', 'figcaption', 'summary', 'legend']);
const headingTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

interface HtmlState {
  readonly builder: TextBuilder;
  readonly skipStack: boolean[];
  title: string | undefined;
  titleCapture: string | undefined;
  firstH1: string | undefined;
  heading: { index: number; text: string; tag: string } | undefined;
  preDepth: number;
  svgDepth: number;
  cellDepth: number;
  cellHasText: boolean;
  rowHasText: boolean;
  separatorPending: boolean;
}

/**
 * Extracts the readable text of an HTML page.
 * @param html - the decoded page
 * @param charsMax - characters kept; the rest is cut and flagged
 */
export function extractHtml(html: string, charsMax: number): ExtractedDocument {
  const state: HtmlState = {
    builder: new TextBuilder(charsMax), skipStack: [], title: undefined, titleCapture: undefined,
    firstH1: undefined, heading: undefined, preDepth: 0, svgDepth: 0, cellDepth: 0, cellHasText: false, rowHasText: false, separatorPending: false,
  };
  const parser = new Parser(
    {
      onopentag: (name, attributes) => openTag(state, name, attributes),
      onclosetag: (name) => closeTag(state, name),
      ontext: (text) => onText(state, text),
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.end(html);
  const built = state.builder.build();
  const title = clean(state.title) ?? clean(state.firstH1);
  return {
    kind: 'html',
    text: built.text,
    sections: built.sections,
    truncated: built.truncated,
    ...(title === undefined ? {} : { title }),
  };
}

function openTag(state: HtmlState, name: string, attributes: Record<string, string>): void {
  const parentSkipped = state.skipStack[state.skipStack.length - 1] === true;
  const skipped = parentSkipped || skippedTags.has(name) || 'hidden' in attributes || attributes['aria-hidden'] === 'true';
  state.skipStack.push(skipped);
  // Only the document's own <title> names it; an <svg><title> labels a picture.
  if (name === 'svg') state.svgDepth += 1;
  if (name === 'title' && state.title === undefined && state.svgDepth === 0) state.titleCapture = '';
  if (skipped) return;
  const { builder } = state;
  if (name === 'tr') state.rowHasText = false;
  if (name === 'td' || name === 'th') {
    // The " | " between cells is written with the next cell's first text, so empty cells add nothing.
    state.separatorPending = state.rowHasText;
    state.cellDepth += 1;
    state.cellHasText = false;
  }
  // Inside a table cell, a block starts a new line only after text in the same cell, so a
  // row of one-paragraph cells stays on one line ("a | b") and layout tables stay readable.
  if (state.cellDepth > 0 && isBlock(name)) {
    if (state.cellHasText) builder.lineBreak();
  } else if (headingTags.has(name) && state.heading === undefined) {
    state.heading = { index: builder.startSection(), text: '', tag: name };
  } else if (paragraphTags.has(name)) builder.paragraphBreak();
  else if (lineTags.has(name)) builder.lineBreak();
  if (name === 'pre') {
    builder.paragraphBreak();
    state.preDepth += 1;
  }
}

function closeTag(state: HtmlState, name: string): void {
  const skipped = state.skipStack.pop() === true;
  if (name === 'svg') state.svgDepth = Math.max(0, state.svgDepth - 1);
  if (name === 'title' && state.titleCapture !== undefined) {
    state.title = state.titleCapture;
    state.titleCapture = undefined;
  }
  if (skipped) return;
  const { builder } = state;
  if (name === 'pre') state.preDepth = Math.max(0, state.preDepth - 1);
  if (name === 'td' || name === 'th') state.cellDepth = Math.max(0, state.cellDepth - 1);
  if (state.cellDepth > 0 && isBlock(name) && name !== 'tr' && name !== 'table') return;
  if (state.heading !== undefined && state.heading.tag === name) {
    builder.nameSection(state.heading.index, state.heading.text);
    if (name === 'h1' && state.firstH1 === undefined) state.firstH1 = state.heading.text;
    state.heading = undefined;
    builder.paragraphBreak();
  } else if (paragraphTags.has(name) || name === 'pre') builder.paragraphBreak();
  else if (lineTags.has(name) && name !== 'br') builder.lineBreak();
}

function isBlock(name: string): boolean {
  return paragraphTags.has(name) || lineTags.has(name) || headingTags.has(name);
}

function onText(state: HtmlState, text: string): void {
  if (state.titleCapture !== undefined) state.titleCapture += text;
  if (state.skipStack[state.skipStack.length - 1] === true) return;
  if (state.heading !== undefined) state.heading.text += text;
  if (state.cellDepth > 0 && text.trim() !== '') {
    if (state.separatorPending) state.builder.inline(' | ');
    state.separatorPending = false;
    state.cellHasText = true;
    state.rowHasText = true;
  }
  if (state.preDepth > 0) state.builder.verbatim(text);
  else state.builder.inline(text);
}

function clean(value: string | undefined): string | undefined {
  const trimmed = value?.replace(/\s+/g, ' ').trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed.slice(0, 300);
}
