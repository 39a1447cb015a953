/**
 * The Porter2 ("Snowball English") stemmer, as defined by the Snowball 2.2.0 `english.sbl`
 * program and Martin Porter's description at snowballstem.org. It maps inflected forms to a
 * shared stem ("connection", "connected", "connecting" → "connect") so BM25 matches them.
 * Input is a lowercase word; letters outside a–z are treated as consonants.
 */

const exceptionalForms = new Map([
  ['skis', 'ski'], ['skies', 'sky'], ['dying', 'die'], ['lying', 'lie'], ['tying', 'tie'],
  ['idly', 'idl'], ['gently', 'gentl'], ['ugly', 'ugli'], ['early', 'earli'], ['only', 'onli'],
  ['singly', 'singl'], ['sky', 'sky'], ['news', 'news'], ['howe', 'howe'], ['atlas', 'atlas'],
  ['cosmos', 'cosmos'], ['bias', 'bias'], ['andes', 'andes'],
]);
const invariantAfterStep1a = new Set(['inning', 'outing', 'canning', 'herring', 'earring', 'proceed', 'exceed', 'succeed']);
const regionPrefixes = ['gener', 'commun', 'arsen'];
const doubles = new Set(['bb', 'dd', 'ff', 'gg', 'mm', 'nn', 'pp', 'rr', 'tt']);
const liEndings = 'cdeghkmnrt';

/** Step 2 (in R1): suffix → replacement, longest first; '' entries have special conditions. */
const step2Rules: readonly (readonly [string, string])[] = [
  ['ization', 'ize'], ['ational', 'ate'], ['fulness', 'ful'], ['ousness', 'ous'], ['iveness', 'ive'],
  ['tional', 'tion'], ['biliti', 'ble'], ['lessli', 'less'], ['entli', 'ent'], ['ation', 'ate'],
  ['alism', 'al'], ['aliti', 'al'], ['ousli', 'ous'], ['iviti', 'ive'], ['fulli', 'ful'],
  ['enci', 'ence'], ['anci', 'ance'], ['abli', 'able'], ['izer', 'ize'], ['ator', 'ate'],
  ['alli', 'al'], ['bli', 'ble'], ['ogi', 'og'], ['li', ''],
];
/** Step 3 (in R1; 'ative' also needs R2), longest first. */
const step3Rules: readonly (readonly [string, string])[] = [
  ['ational', 'ate'], ['tional', 'tion'], ['alize', 'al'], ['icate', 'ic'], ['iciti', 'ic'],
  ['ative', ''], ['ical', 'ic'], ['ness', ''], ['ful', ''],
];
/** Step 4 (in R2): deleted suffixes, longest first; 'ion' needs a preceding s or t. */
const step4Suffixes = [
  'ement', 'ance', 'ence', 'able', 'ible', 'ment', 'ant', 'ent', 'ism', 'ate', 'iti', 'ous',
  'ive', 'ize', 'ion', 'al', 'er', 'ic',
];

/**
 * The Porter2 stem of a lowercase English word.
 * @param word - one lowercase token
 * @returns its stem (words under 3 letters are returned unchanged)
 */
export function stemEnglish(word: string): string {
  const exception = exceptionalForms.get(word);
  if (exception !== undefined) return exception;
  if (word.length < 3) return word;
  let w = markConsonantY(word.startsWith("'") ? word.slice(1) : word);
  const [p1, p2] = regions(w);
  w = step1a(w);
  if (!invariantAfterStep1a.has(w)) {
    w = step1b(w, p1);
    w = step1c(w);
    w = step2(w, p1);
    w = step3(w, p1, p2);
    w = step4(w, p2);
    w = step5(w, p1, p2);
  }
  return w.replaceAll('Y', 'y');
}

function isVowel(c: string | undefined): boolean {
  return c === 'a' || c === 'e' || c === 'i' || c === 'o' || c === 'u' || c === 'y';
}

function hasVowel(s: string): boolean {
  for (const c of s) if (isVowel(c)) return true;
  return false;
}

/** An initial y, and a y after a vowel, act as consonants: written 'Y' until the end. */
function markConsonantY(word: string): string {
  const chars = [...word];
  if (chars[0] === 'y') chars[0] = 'Y';
  for (let i = 1; i < chars.length; i++) if (chars[i] === 'y' && isVowel(chars[i - 1])) chars[i] = 'Y';
  return chars.join('');
}

/** R1 and R2 start positions: after the first non-vowel that follows a vowel (twice). */
function regions(w: string): [number, number] {
  const afterVowelConsonant = (from: number): number => {
    let i = from;
    while (i < w.length && !isVowel(w[i])) i++;
    while (i < w.length && isVowel(w[i])) i++;
    return Math.min(w.length, i + 1);
  };
  const prefix = regionPrefixes.find((p) => w.startsWith(p));
  const p1 = prefix === undefined ? afterVowelConsonant(0) : prefix.length;
  return [p1, p1 >= w.length ? w.length : afterVowelConsonant(p1)];
}

/** A short syllable ends `s`: non-vowel, vowel, non-vowel (not w, x or Y), or vowel, non-vowel at the start. */
function endsWithShortSyllable(s: string): boolean {
  const n = s.length;
  const last = s[n - 1];
  if (n >= 3 && !isVowel(last) && last !== 'w' && last !== 'x' && last !== 'Y' && isVowel(s[n - 2]) && !isVowel(s[n - 3])) return true;
  return n === 2 && isVowel(s[0]) && !isVowel(last);
}

function step1a(word: string): string {
  let w = word;
  if (w.endsWith("'s'")) w = w.slice(0, -3);
  else if (w.endsWith("'s")) w = w.slice(0, -2);
  else if (w.endsWith("'")) w = w.slice(0, -1);
  if (w.endsWith('sses')) return `${w.slice(0, -4)}ss`;
  if (w.endsWith('ied') || w.endsWith('ies')) return w.length > 4 ? `${w.slice(0, -3)}i` : `${w.slice(0, -3)}ie`;
  if (w.endsWith('us') || w.endsWith('ss')) return w;
  if (w.endsWith('s') && hasVowel(w.slice(0, -2))) return w.slice(0, -1);
  return w;
}

function step1b(w: string, p1: number): string {
  const suffix = ['eedly', 'ingly', 'edly', 'eed', 'ing', 'ed'].find((s) => w.endsWith(s));
  if (suffix === undefined) return w;
  const stem = w.slice(0, w.length - suffix.length);
  if (suffix === 'eed' || suffix === 'eedly') return stem.length >= p1 ? `${stem}ee` : w;
  if (!hasVowel(stem)) return w;
  if (stem.endsWith('at') || stem.endsWith('bl') || stem.endsWith('iz')) return `${stem}e`;
  if (doubles.has(stem.slice(-2))) return stem.slice(0, -1);
  if (stem.length === p1 && endsWithShortSyllable(stem)) return `${stem}e`;
  return stem;
}

function step1c(w: string): string {
  const last = w[w.length - 1];
  if ((last === 'y' || last === 'Y') && w.length > 2 && !isVowel(w[w.length - 2])) return `${w.slice(0, -1)}i`;
  return w;
}

function step2(w: string, p1: number): string {
  const rule = step2Rules.find(([suffix]) => w.endsWith(suffix));
  if (rule === undefined) return w;
  const [suffix, replacement] = rule;
  const start = w.length - suffix.length;
  if (start < p1) return w;
  if (suffix === 'ogi') return w[start - 1] === 'l' ? `${w.slice(0, start)}og` : w;
  if (suffix === 'li') return liEndings.includes(w[start - 1] ?? '-') ? w.slice(0, start) : w;
  return w.slice(0, start) + replacement;
}

function step3(w: string, p1: number, p2: number): string {
  const rule = step3Rules.find(([suffix]) => w.endsWith(suffix));
  if (rule === undefined) return w;
  const [suffix, replacement] = rule;
  const start = w.length - suffix.length;
  if (start < p1 || (suffix === 'ative' && start < p2)) return w;
  return w.slice(0, start) + replacement;
}

function step4(w: string, p2: number): string {
  const suffix = step4Suffixes.find((s) => w.endsWith(s));
  if (suffix === undefined) return w;
  const start = w.length - suffix.length;
  if (start < p2) return w;
  if (suffix === 'ion' && w[start - 1] !== 's' && w[start - 1] !== 't') return w;
  return w.slice(0, start);
}

function step5(w: string, p1: number, p2: number): string {
  const start = w.length - 1;
  if (w.endsWith('e')) {
    if (start >= p2 || (start >= p1 && !endsWithShortSyllable(w.slice(0, start)))) return w.slice(0, start);
    return w;
  }
  if (w.endsWith('l') && start >= p2 && w[start - 1] === 'l') return w.slice(0, start);
  return w;
}
