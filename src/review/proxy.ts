import { BlockList, isIP } from 'node:net';
import type { AddressRule } from '../config.js';

/**
 * The reverse proxies named in REVIEW_TRUST_PROXY, and what is believed of the forwarding headers of
 * a request that reached the review page through one of them. A request from any other address is
 * taken as it came: its own forwarding headers are whatever its sender wrote.
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
   * The client's address. `peer` is the socket's; when it is a proxy, X-Forwarded-For is read from the
   * right, where each proxy appended the address it was reached from, up to the first address that is
   * no proxy: that is the client. The entries further left are whatever the client wrote, so they are
   * never used. When every address is a proxy, or an entry is not an address, the last one read is the
   * client.
   */
  clientAddress(peer: string, forwardedFor: string | undefined): string {
    const hops = (forwardedFor ?? '')
      .split(',')
      .map((hop) => hop.trim())
      .filter((hop) => hop !== '')
      .reverse();
    let client = peer;
    for (const hop of hops) {
      if (!this.trusts(client) || isIP(hop) === 0) break;
      client = hop;
    }
    return client;
  }

  /**
   * Whether `peer` is a proxy that says the request reached it over https (X-Forwarded-Proto, one
   * value or, from a chain of proxies that append, several: any https counts, since a Secure cookie
   * asked for wrongly only fails its own client).
   */
  forwardedHttps(peer: string, forwardedProto: string | undefined): boolean {
    if (!forwardedProto || !this.trusts(peer)) return false;
    return forwardedProto.split(',').some((proto) => proto.trim().toLowerCase() === 'https');
  }
}
