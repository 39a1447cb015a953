// Fetcher: GETs a page from an allowed host (each request needs the person's approval, or a
// policy rule) and returns the status, the HTML title and the size. Needs net.fetch.
export default async function main(input, noctem) {
  const url = typeof input === 'string' ? input : input && input.url;
  if (typeof url !== 'string') throw new Error('Give a URL: {"url":"https://example.org/"}');
  const response = await noctem.net.fetch(url, { method: 'GET' });
  const match = /<title[^>]*>([^<]*)<\/title>/i.exec(response.body);
  return {
    url,
    status: response.status,
    title: match ? match[1].trim() : null,
    characters: response.body.length,
    truncated: response.truncated,
  };
}
