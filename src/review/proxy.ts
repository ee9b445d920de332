import { BlockList, isIP } from 'node:net';
import type { AddressRule, ProxyHeader } from '../config.js';

/** The forwarding headers of a request, as it came (several of one name joined with commas). */
export interface ForwardingHeaders {
  /** RFC 7239. */
  forwarded?: string | undefined;
  xForwardedFor?: string | undefined;
  xForwardedProto?: string | undefined;
  xForwardedHost?: string | undefined;
}

/** One element of a Forwarded header: its parameters, by lower-case name, values unquoted. */
export type ForwardedElement = ReadonlyMap<string, string>;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/**
 * A value written without quotes: a token, or a node with the colons and brackets RFC 7239 wants
 * quoted. nginx's `proxy_set_header Forwarded "for=$remote_addr"` writes an IPv6 client so
 * (for=2001:db8::1); read, it names the client it means, and nothing else: these characters end no
 * value, element or quoted string.
 */
const BARE_VALUE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z:[\]]+$/;

/**
 * The elements of a Forwarded header (RFC 7239 §4: elements separated by commas, parameters by
 * semicolons, each value a token or a quoted string), or null when it cannot be read. Empty elements
 * are dropped. Nothing is guessed in a header that does not parse, not even its right part: a client
 * can open a quoted string that the proxy's own element would then seem to be inside.
 */
export function parseForwarded(header: string): ForwardedElement[] | null {
  const elements: ForwardedElement[] = [];
  let element = new Map<string, string>();
  let i = 0;
  const n = header.length;
  const skipSpace = () => {
    while (i < n && (header[i] === ' ' || header[i] === '\t')) i++;
  };
  for (;;) {
    skipSpace();
    if (i < n && header[i] !== ',' && header[i] !== ';') {
      const eq = header.indexOf('=', i);
      if (eq < 0) return null;
      const name = header.slice(i, eq).toLowerCase();
      if (!TOKEN.test(name) || element.has(name)) return null; // a parameter at most once (§4)
      i = eq + 1;
      let value = '';
      if (header[i] === '"') {
        for (i++; ; i++) {
          if (i >= n) return null; // the quoted string is not closed
          const ch = header[i];
          if (ch === '"') break;
          if (ch === '\\') {
            i++;
            if (i >= n) return null;
          }
          value += header[i];
        }
        i++;
      } else {
        const start = i;
        while (i < n && !' \t,;'.includes(header[i] as string)) i++;
        value = header.slice(start, i);
        if (!BARE_VALUE.test(value)) return null;
      }
      element.set(name, value);
      skipSpace();
    }
    if (i >= n || header[i] === ',') {
      if (element.size) elements.push(element);
      element = new Map();
      if (i >= n) return elements;
    } else if (header[i] !== ';') {
      return null;
    }
    i++;
  }
}

/** What a node names: an address, no address (`unknown`, an obfuscated `_name`), or nothing readable. */
export type NodeReading = { address: string } | 'hidden' | 'unreadable';

/**
 * What a Forwarded `for=` (or `by=`) node names (RFC 7239 §6): an IPv4 address, or an IPv6 one in
 * brackets, either with an optional port; `unknown` and an obfuscated identifier (`_hidden`) name no
 * address. An IPv6 address without its brackets, which some proxies write, is taken as it is. Anything
 * else is no node at all. X-Forwarded-For entries are read the same way: some proxies add the port
 * there too ("198.51.100.7:4711"), or write `unknown`.
 */
export function readNode(node: string): NodeReading {
  if (isIP(node) === 6) return { address: node };
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*))(?::(?:\d{1,5}|_[A-Za-z0-9._-]+))?$/.exec(node);
  const v6 = m?.[1];
  if (v6 !== undefined) return isIP(v6) === 6 ? { address: v6 } : 'unreadable';
  const name = m?.[2];
  if (name === undefined) return 'unreadable';
  if (isIP(name) === 4) return { address: name };
  return name.toLowerCase() === 'unknown' || /^_[A-Za-z0-9._-]+$/.test(name) ? 'hidden' : 'unreadable';
}

const commaList = (header: string | undefined) =>
  (header ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/**
 * The reverse proxies named in REVIEW_TRUST_PROXY, and what is believed of the forwarding headers of
 * a request that reached the review page through one of them. A request from any other address is
 * taken as it came: its own forwarding headers are whatever its sender wrote, and none is read.
 */
export class TrustedProxies {
  private readonly list = new BlockList();

  /** `header`: the one the proxies write the client's address in (REVIEW_PROXY_HEADER). */
  constructor(
    rules: readonly AddressRule[],
    readonly header: ProxyHeader,
  ) {
    for (const r of rules) this.list.addSubnet(r.address, r.prefix, r.family);
  }

  /** Whether `address` is one of the proxies (an IPv4 one also in its IPv6 form, ::ffff:a.b.c.d). */
  trusts(address: string): boolean {
    const version = isIP(address);
    if (version === 0) return false;
    try {
      return this.list.check(address, version === 4 ? 'ipv4' : 'ipv6');
    } catch {
      return false; // an address with a zone (fe80::1%eth0)
    }
  }

  /**
   * Reads a list of hops from the right, where each proxy appended the address it was reached from,
   * as long as the address read so far (first `peer`) is a proxy: each hop read was written by one.
   * The walk ends at the first address that is no proxy, the client; the hops further left are
   * whatever the client wrote, so they are never read. A hop that names no address (`unknown`,
   * `_hidden`) also ends it: the last address read is the client. A hop that is no node at all ends
   * it with no client (null): a proxy wrote something that cannot be read. Returns the client and the
   * hops read, right-most first.
   */
  private walk<T>(peer: string, hops: readonly T[], node: (hop: T) => NodeReading) {
    let client: string | null = peer;
    const read: T[] = [];
    for (let i = hops.length - 1; i >= 0 && client !== null && this.trusts(client); i--) {
      const hop = hops[i] as T;
      read.push(hop);
      const next = node(hop);
      if (next === 'hidden') break;
      client = next === 'unreadable' ? null : next.address;
    }
    return { client, read };
  }

  /**
   * The elements of the Forwarded header that proxies wrote, and the client they name (null when an
   * element a proxy wrote names no node); null when the header cannot be read at all. An element
   * without `for=` names no address.
   */
  private forwardedByProxies(peer: string, header: string) {
    const elements = parseForwarded(header);
    const node = (e: ForwardedElement) => {
      const f = e.get('for');
      return f === undefined ? 'hidden' : readNode(f);
    };
    return elements && this.walk(peer, elements, node);
  }

  /**
   * The client's address, or null when the header it is read from cannot be read. `peer` is the
   * socket's; when it is a proxy, the header the proxies write (REVIEW_PROXY_HEADER) is read from the
   * right as `walk` says: X-Forwarded-For, or the `for=` of Forwarded (RFC 7239). `for=unknown`, an
   * obfuscated `for=_hidden` or an element without `for=` (and `unknown` in X-Forwarded-For) names
   * no address, so the proxy that wrote it is the client.
   *
   * Null when that header does not parse, or a part of it the walk reaches is no address at all
   * ("for=garbage"; X-Forwarded-For "garbage"): the request has no address to be limited by. It is
   * no browser's doing (a browser writes neither header); a client can bring it about by sending a
   * Forwarded header of its own that the proxy's element is then appended to. Taking the proxy as the
   * client would put everyone whose header is broken in one bucket with the proxy and with each other,
   * for one of them to lock out; a bucket per header text would give a fresh limit per guess.
   *
   * The other header is not read. The proxies pass it on as the client wrote it: believing it would
   * let a client choose its own address, and so a fresh limit per guess, or a moderator's address to
   * lock out. Nor does it count against the one read: a client that adds it, or whose own network
   * does, is still known by the address the proxy wrote, also when it cannot be read.
   */
  clientAddress(peer: string, headers: ForwardingHeaders): string | null {
    if (!this.trusts(peer)) return peer;
    if (this.header === 'forwarded') {
      return this.forwardedByProxies(peer, headers.forwarded ?? '')?.client ?? null;
    }
    return this.walk(peer, commaList(headers.xForwardedFor), readNode).client;
  }

  /**
   * The other header, when a request from the proxy `peer` comes with it and without the one the
   * proxies are said to write (REVIEW_PROXY_HEADER); otherwise null. A proxy sets the header it
   * writes on every request, so this says that the setting names the wrong one, and every client is
   * taken to be the proxy. No client can bring it about past a proxy that does write the header named.
   */
  otherHeaderOnly(peer: string, headers: ForwardingHeaders): ProxyHeader | null {
    if (!this.trusts(peer)) return null;
    const has = (value: string | undefined) => Boolean(value?.trim());
    if (this.header === 'forwarded') {
      return !has(headers.forwarded) && has(headers.xForwardedFor) ? 'x-forwarded-for' : null;
    }
    return !has(headers.xForwardedFor) && has(headers.forwarded) ? 'forwarded' : null;
  }

  /**
   * Whether `peer` is a proxy that says the request reached it over https: X-Forwarded-Proto (one
   * value or, from a chain of proxies that append, several), or `proto=` in an element of Forwarded
   * that a proxy wrote. Any https counts, from either header whatever REVIEW_PROXY_HEADER says, since
   * a Secure cookie asked for wrongly only fails its own client, while one not asked for would travel
   * in the clear.
   */
  forwardedHttps(peer: string, headers: ForwardingHeaders): boolean {
    if (!this.trusts(peer)) return false;
    const https = (proto: string | undefined) => proto?.trim().toLowerCase() === 'https';
    if (commaList(headers.xForwardedProto).some(https)) return true;
    const forwarded = headers.forwarded ? this.forwardedByProxies(peer, headers.forwarded) : null;
    return forwarded?.read.some((e) => https(e.get('proto'))) ?? false;
  }

  /**
   * The hosts a proxy `peer` says the browser asked for, instead of the Host header it may have
   * rewritten: the right-most X-Forwarded-Host (the one the nearest proxy set or appended) and the
   * `host=` of the elements of Forwarded that proxies wrote. None from any other peer. Both are read
   * whatever REVIEW_PROXY_HEADER says: a host a client wrote counts only for its own request (see the
   * server's cross-site check).
   */
  forwardedHosts(peer: string, headers: ForwardingHeaders): string[] {
    if (!this.trusts(peer)) return [];
    const hosts = commaList(headers.xForwardedHost).slice(-1);
    const forwarded = headers.forwarded ? this.forwardedByProxies(peer, headers.forwarded) : null;
    for (const e of forwarded?.read ?? []) {
      const host = e.get('host');
      if (host) hosts.push(host);
    }
    return hosts;
  }
}
