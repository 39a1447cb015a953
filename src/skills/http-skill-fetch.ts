/**
 * The `net.fetch` capability's HTTP client: the platform `fetch` with redirects followed by
 * hand (at most `limits.skillFetchRedirectsMax`), each target checked against the granted
 * hosts again, a time limit, and the body read up to `limits.skillFetchBytesMax`. Cookies and
 * credentials are never sent; the skill's headers were filtered by the broker.
 */
import { NoctemError, limits } from '../core/index.ts';
import { checkFetchUrl } from './capability-scope.ts';
import type { SkillFetchRequest, SkillFetchResponse } from './skill-services.ts';

/** The fetch function used (injected by tests only to point at a local server; the real one by default). */
export type HttpFetch = (url: string, init: RequestInit) => Promise<Response>;

/**
 * Performs an approved request.
 * @throws {NoctemError} SKILL_CAPABILITY_DENIED when a redirect leaves the granted hosts;
 *   SKILL_FETCH_FAILED when the host is unreachable, too slow, or redirects too often
 */
export async function fetchForSkill(request: SkillFetchRequest, fetchImpl: HttpFetch = globalThis.fetch): Promise<SkillFetchResponse> {
  let url = request.url;
  const signal = AbortSignal.timeout(limits.skillFetchMsMax);
  for (let hop = 0; hop <= limits.skillFetchRedirectsMax; hop += 1) {
    let response: Response;
    try {
      response = await fetchImpl(url.href, {
        method: hop === 0 ? request.method : 'GET', headers: request.headers,
        ...(hop === 0 && request.body !== undefined ? { body: request.body } : {}),
        redirect: 'manual', credentials: 'omit', signal,
      });
    } catch (cause) {
      throw new NoctemError('SKILL_FETCH_FAILED', `net.fetch to ${url.host} failed: ${(cause as Error).message}`, { cause });
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location !== null) {
      await response.body?.cancel();
      url = checkFetchUrl(new URL(location, url).href, request.hosts);
      continue;
    }
    return { status: response.status, headers: Object.fromEntries(response.headers), ...(await readCapped(response)) };
  }
  throw new NoctemError('SKILL_FETCH_FAILED', `net.fetch followed more than ${limits.skillFetchRedirectsMax} redirects`);
}

async function readCapped(response: Response): Promise<{ body: string; truncated: boolean }> {
  if (response.body === null) return { body: '', truncated: false };
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const room = limits.skillFetchBytesMax - total;
    parts.push(value.subarray(0, room));
    total += Math.min(value.length, room);
    if (value.length > room) {
      truncated = true;
      await reader.cancel();
      break;
    }
  }
  return { body: Buffer.concat(parts).toString('utf8'), truncated };
}
