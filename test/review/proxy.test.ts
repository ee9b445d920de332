import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { TrustedProxies } from '../../src/review/proxy.js';

const proxies = (spec: string) =>
  new TrustedProxies(loadConfig({ REVIEW_TRUST_PROXY: spec }).REVIEW_TRUST_PROXY!);

describe('TrustedProxies', () => {
  const p = proxies('10.0.0.1, 192.0.2.0/24, ::1');

  it('trusts the listed addresses and subnets, IPv4 ones also in their IPv6 form', () => {
    for (const a of ['10.0.0.1', '::ffff:10.0.0.1', '192.0.2.200', '::1']) assert.equal(p.trusts(a), true, a);
    for (const a of ['10.0.0.2', '192.0.3.1', '::2', 'local', 'unknown', '', 'fe80::1%eth0']) {
      assert.equal(p.trusts(a), false, a);
    }
  });

  describe('clientAddress', () => {
    const cases: [peer: string, xff: string | undefined, client: string, why: string][] = [
      ['198.51.100.7', '203.0.113.1', '198.51.100.7', 'not from a proxy: the header is not read'],
      ['10.0.0.1', undefined, '10.0.0.1', 'from a proxy without the header: the proxy'],
      ['10.0.0.1', '198.51.100.7', '198.51.100.7', 'one proxy'],
      ['::ffff:10.0.0.1', '198.51.100.7', '198.51.100.7', 'one proxy, seen on a dual-stack socket'],
      ['10.0.0.1', '203.0.113.1, 198.51.100.7', '198.51.100.7', 'the client wrote the left part'],
      ['10.0.0.1', '203.0.113.1,198.51.100.7, 192.0.2.5', '198.51.100.7', 'a chain of two proxies'],
      ['10.0.0.1', '203.0.113.1', '203.0.113.1', 'the right-most entry that is no proxy'],
      ['10.0.0.1', '192.0.2.9, 192.0.2.5', '192.0.2.9', 'all proxies: the left-most'],
      ['10.0.0.1', 'garbage, 192.0.2.5', '192.0.2.5', 'an entry that is no address ends the walk'],
      ['10.0.0.1', '198.51.100.7, ', '198.51.100.7', 'empty entries are skipped'],
      ['10.0.0.1', '2001:db8::7', '2001:db8::7', 'IPv6 client'],
    ];
    for (const [peer, xff, client, why] of cases) {
      it(`${why}: ${peer} with ${JSON.stringify(xff)} → ${client}`, () => {
        assert.equal(p.clientAddress(peer, xff), client);
      });
    }
  });

  it('believes X-Forwarded-Proto only from a proxy', () => {
    assert.equal(p.forwardedHttps('10.0.0.1', 'https'), true);
    assert.equal(p.forwardedHttps('10.0.0.1', 'HTTPS'), true);
    assert.equal(p.forwardedHttps('10.0.0.1', 'https, http'), true);
    assert.equal(p.forwardedHttps('10.0.0.1', 'http'), false);
    assert.equal(p.forwardedHttps('10.0.0.1', undefined), false);
    assert.equal(p.forwardedHttps('198.51.100.7', 'https'), false);
    assert.equal(p.forwardedHttps('local', 'https'), false);
  });
});
