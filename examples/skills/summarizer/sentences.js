// Splits text into sentences at ., ! or ? followed by white space, and returns the first n.
export function leadingSentences(text, n) {
  const clean = String(text).replace(/\s+/g, ' ').trim();
  if (clean === '') return [];
  const parts = clean.match(/[^.!?]+[.!?]+(?=\s|$)|[^.!?]+$/g) || [clean];
  return parts.map((part) => part.trim()).filter((part) => part.length > 0).slice(0, n);
}
