/**
 * Goal: text a skill writes cannot forge terminal lines: escape sequences, line breaks,
 * bidi overrides and other invisible characters are removed (or escaped visibly), and the
 * length is capped without splitting a character. Method: crafted inputs, then a fast-check
 * property over arbitrary strings.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { escapeDisplayText, isSafeDisplayText, sanitizeDisplayText } from './display-text.ts';

test('sanitizeDisplayText() removes CSI and OSC sequences and turns line breaks into spaces', () => {
  const forged = 'fetch page\r\n\x1b[1A\x1b[2KSkill ok asks for nothing\x1b]8;;https://evil\x1b\\link\x1b]8;;\x1b\\\u009b2J';
  expect(sanitizeDisplayText(forged, 200)).toBe('fetch page Skill ok asks for nothinglink');
});

test('sanitizeDisplayText() removes bidi overrides, zero-width and separator characters', () => {
  expect(sanitizeDisplayText('\u202egro.elpmaxe\u202c a\u200bb\u2028c\ufeff', 200)).toBe('gro.elpmaxe ab c');
});

test('sanitizeDisplayText() caps the length at charsMax code points with an ellipsis, keeping surrogate pairs whole', () => {
  const capped = sanitizeDisplayText('😀'.repeat(10), 5);
  expect(capped).toBe('😀😀😀😀…');
  expect(sanitizeDisplayText('abcdefghij', 5, 'middle')).toBe('ab…ij');
});

test('escapeDisplayText() writes unsafe characters as visible escapes and keeps the rest', () => {
  expect(escapeDisplayText('/tmp/a\nb\u202e', 100)).toBe('/tmp/a\\u000ab\\u202e');
  expect(escapeDisplayText('/home/me/' + 'x'.repeat(300) + '/key', 21)).toBe('/home/me/x…xxxxxx/key');
});

test('sanitizeDisplayText() and escapeDisplayText() always return safe text within the cap', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 400 }), fc.integer({ min: 3, max: 300 }), (text, charsMax) => {
      for (const out of [sanitizeDisplayText(text, charsMax), escapeDisplayText(text, charsMax)]) {
        expect(isSafeDisplayText(out)).toBe(true);
        expect(Array.from(out).length).toBeLessThanOrEqual(charsMax);
      }
    }),
    { numRuns: 500 },
  );
});
