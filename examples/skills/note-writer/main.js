// Note writer: stores {title, text} in memory as a Markdown note. Needs memory.write only.
export default async function main(input, noctem) {
  if (!input || typeof input.text !== 'string' || input.text.trim() === '') throw new Error('Give the note: {"title":"...","text":"..."}');
  const title = typeof input.title === 'string' && input.title.trim() !== '' ? input.title.trim().slice(0, 200) : 'note';
  const stored = await noctem.memory.write(input.text, { title });
  return { stored: stored.id, chunks: stored.chunks, title };
}
