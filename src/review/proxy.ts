import { BlockList, isIP } from 'node:net';
import type { AddressRule } from '../config.js';

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
        if (!TOKEN.test(value)) return null;
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

/**
 * The address in a Forwarded `for=` (or `by=`) node (RFC 7239 §6): an IPv4 address, or an IPv6 one
 * in brackets, either with an optional port. Null for `unknown` and for an obfuscated identifier
 * (`_hidden`), which name no address. An IPv6 address without its brackets, which some proxies write,
 * is taken as it is.
 */
export function nodeAddress(node: string | undefined): string | null {
  if (node === undefined) return null;
  if (isIP(node) === 6) return node;
  const m = /^(?:\[([^\]]*)\]|([^:[\]]*))(?::(?:\d{1,5}|_[A-Za-z0-9._-]+))?$/.exec(node);
  if (m?.[1] !== undefined) return isIP(m[1]) === 6 ? m[1] : null;
  if (m?.[2] !== undefined) return isIP(m[2]) === 4 ? m[2] : null;
  return null;
}

/** One spelling of an address, to compare two (an IPv6 one may be written in several). */
function canonical(address: string): string {
  if (isIP(address) !== 6) return address;
  try {
    return new URL(`http://[${address}]/`).hostname.slice(1, -1);
  } catch {
    return address.toLowerCase(); // with a zone (fe80::1%eth0)
  }
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

  constructor(rules: readonly AddressRule[]) {
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
   * whatever the client wrote, so they are never read. A hop that names no address also ends it:
   * the last address read is the client. Returns the client and the hops read, right-most first.
   */
  private walk<T>(peer: string, hops: readonly T[], address: (hop: T) => string | null) {
    let client = peer;
    const read: T[] = [];
    for (let i = hops.length - 1; i >= 0 && this.trusts(client); i--) {
      const hop = hops[i] as T;
      read.push(hop);
      const next = address(hop);
      if (next === null) break;
      client = next;
    }
    return { client, read };
  }

  /** The elements of the Forwarded header that proxies wrote; null when it cannot be read. */
  private forwardedByProxies(peer: string, header: string) {
    const elements = parseForwarded(header);
    return elements && this.walk(peer, elements, (e) => nodeAddress(e.get('for')));
  }

  /**
   * The client's address. `peer` is the socket's; when it is a proxy, X-Forwarded-For and the `for=`
   * of Forwarded (RFC 7239) are read from the right as `walk` says. `for=unknown` or an obfuscated
   * `for=_hidden` names no address, so the proxy that wrote it is the client.
   *
   * When a request carries both headers and they name different clients, or Forwarded cannot be read,
   * the client is `peer`. A proxy that writes one of the headers passes the other on as the client
   * wrote it, and nothing tells which one the proxy wrote: believing either would let a client choose
   * its own address, and so a fresh limit per guess, or a moderator's address to lock out. Taken as the
   * proxy, such a request counts where no other client's does. A Forwarded header that gives no
   * `for=` says nothing of the client, and leaves X-Forwarded-For to say it.
   */
  clientAddress(peer: string, headers: ForwardingHeaders): string {
    if (!this.trusts(peer)) return peer;
    const hops = commaList(headers.xForwardedFor);
    const byXff = hops.length ? this.walk(peer, hops, (h) => (isIP(h) ? h : null)).client : null;
    if (!headers.forwarded?.trim()) return byXff ?? peer;
    const forwarded = this.forwardedByProxies(peer, headers.forwarded);
    if (!forwarded) return peer;
    if (!forwarded.read[0]?.has('for')) return byXff ?? peer;
    if (byXff === null || canonical(byXff) === canonical(forwarded.client)) return forwarded.client;
    return peer;
  }

  /**
   * Whether `peer` is a proxy that says the request reached it over https: X-Forwarded-Proto (one
   * value or, from a chain of proxies that append, several), or `proto=` in an element of Forwarded
   * that a proxy wrote. Any https counts, from either header, since a Secure cookie asked for wrongly
   * only fails its own client, while one not asked for would travel in the clear.
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
   * `host=` of the elements of Forwarded that proxies wrote. None from any other peer.
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
