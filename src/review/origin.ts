/**
 * A Host header's value (or a proxy's X-Forwarded-Host, or Forwarded `host=`): a name (in ASCII, as
 * browsers send it) or an IPv4 address, or an IPv6 address in brackets, then an optional port. No
 * user info, path, percent-escape, or IPv6 address without its brackets: browsers send none of these.
 */
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::\d{1,5})?$/;

/**
 * The host and port `host` names, written as a browser writes them in an origin whose scheme is
 * `protocol`: the name in lower case, an IPv6 address in its one short form, and the scheme's
 * default port (443 for https:, 80 for http:) left out. Null when `host` is no host.
 */
export function originHost(host: string, protocol: 'http:' | 'https:'): string | null {
  if (!HOST.test(host)) return null;
  try {
    return new URL(`${protocol}//${host}/`).host;
  } catch {
    return null; // a port over 65535, a bad IPv6 address
  }
}

/**
 * Whether `origin` (a request's Origin header) is a page served under one of `hosts` (its Host
 * header, and the hosts a trusted proxy says the browser asked for), compared as browsers compare
 * origins: host names whatever their case, IPv6 addresses whatever their spelling, and a port left
 * out the same as the scheme's default one (https://review.example is review.example:443, but not
 * review.example:80 or :8443). A Host header says no scheme, so it is read with the origin's. An
 * origin that is not http: or https: (`null`, a browser extension's) is no page of this site.
 */
export function originMatches(origin: string, hosts: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false; // "null" or garbage
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) return false;
  const protocol = url.protocol;
  return hosts.some((host) => originHost(host, protocol) === url.host);
}
