// The client space's public address, as `serve`, `portal link` and `demo`
// take it. Kept apart from the server so the commands that only print links
// do not load Hono.
import { usageError } from '../errors.js';

export const DEFAULT_BASE_URL = 'http://127.0.0.1:8080';

/** The base URL as an origin: http(s), no path, query or credentials. */
export function clientSpaceBase(text: string = DEFAULT_BASE_URL): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (
    !url ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    url.pathname !== '/'
  )
    throw usageError(
      `--base-url must be an http(s) origin without a path: '${text}'`,
      'set --base-url or ALIAS_SUPPORT_BASE_URL, e.g. https://support.example.com',
    );
  return url.origin;
}
