import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import {
  TrustedProxies,
  nodeAddress,
  parseForwarded,
  type ForwardingHeaders,
} from '../../src/review/proxy.js';

const proxies = (spec: string) =>
  new TrustedProxies(loadConfig({ REVIEW_TRUST_PROXY: spec }).REVIEW_TRUST_PROXY!);

/** The elements of a Forwarded header as plain objects, or null. */
const parsed = (header: string) => parseForwarded(header)?.map((e) => Object.fromEntries(e)) ?? null;

describe('parseForwarded', () => {
  it('reads elements, parameters and quoted values (RFC 7239 §4 and its examples)', () => {
    assert.deepEqual(parsed('for="_gazonk"'), [{ for: '_gazonk' }]);
    assert.deepEqual(parsed('For="[2001:db8:cafe::17]:4711"'), [{ for: '[2001:db8:cafe::17]:4711' }]);
    assert.deepEqual(parsed('for=192.0.2.60;proto=http;by=203.0.113.43'), [
      { for: '192.0.2.60', proto: 'http', by: '203.0.113.43' },
    ]);
    assert.deepEqual(parsed('for=192.0.2.43, for=198.51.100.17'), [
      { for: '192.0.2.43' },
      { for: '198.51.100.17' },
    ]);
    assert.deepEqual(parsed(' for=192.0.2.43 ,for="198.51.100.17"; proto=https ,,'), [
      { for: '192.0.2.43' },
      { for: '198.51.100.17', proto: 'https' },
    ]);
    assert.deepEqual(parsed('host="review.example:8443";for="a\\"b,c"'), [
      { host: 'review.example:8443', for: 'a"b,c' },
    ]);
    assert.deepEqual(parsed(''), []);
  });

  it('reads nothing of a header it cannot parse', () => {
    for (const bad of [
      'for="203.0.113.1, for=198.51.100.7', // a quote the client opened swallows the proxy's element
      'for="x\\',
      'for=a b',
      'for',
      'for=',
      '=x',
      'for=[2001:db8::1]', // brackets and colons must be quoted
      'for=a;for=b',
      'for="a"b',
      'f r=a',
    ]) {
      assert.equal(parseForwarded(bad), null, bad);
    }
  });
});

describe('nodeAddress', () => {
  it('takes the address out of a node, with or without its port', () => {
    const cases: [string | undefined, string | null][] = [
      ['192.0.2.43', '192.0.2.43'],
      ['192.0.2.43:47011', '192.0.2.43'],
      ['192.0.2.43:_port', '192.0.2.43'],
      ['[2001:db8:cafe::17]', '2001:db8:cafe::17'],
      ['[2001:db8:cafe::17]:4711', '2001:db8:cafe::17'],
      ['2001:db8::1', '2001:db8::1'], // without brackets, as some proxies write it
      ['unknown', null],
      ['unknown:80', null],
      ['_hidden', null],
      ['_SEVKISEK:_port', null],
      ['[192.0.2.43]', null],
      ['[2001:db8::1', null],
      ['review.example', null],
      ['', null],
      [undefined, null],
    ];
    for (const [node, address] of cases) assert.equal(nodeAddress(node), address, String(node));
  });
});

describe('TrustedProxies', () => {
  const p = proxies('10.0.0.1, 192.0.2.0/24, ::1');

  it('trusts the listed addresses and subnets, IPv4 ones also in their IPv6 form', () => {
    for (const a of ['10.0.0.1', '::ffff:10.0.0.1', '192.0.2.200', '::1']) assert.equal(p.trusts(a), true, a);
    for (const a of ['10.0.0.2', '192.0.3.1', '::2', 'local', 'unknown', '', 'fe80::1%eth0']) {
      assert.equal(p.trusts(a), false, a);
    }
  });

  describe('clientAddress from X-Forwarded-For', () => {
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
        assert.equal(p.clientAddress(peer, { xForwardedFor: xff }), client);
      });
    }
  });

  describe('clientAddress from Forwarded (RFC 7239)', () => {
    const cases: [peer: string, forwarded: string, client: string, why: string][] = [
      ['198.51.100.8', 'for=203.0.113.1', '198.51.100.8', 'not from a proxy: the header is not read'],
      ['10.0.0.1', 'for=198.51.100.7', '198.51.100.7', 'one proxy'],
      ['10.0.0.1', 'for=198.51.100.7;proto=https;by=10.0.0.1', '198.51.100.7', 'with other parameters'],
      ['10.0.0.1', 'FOR="198.51.100.7:4711"', '198.51.100.7', 'quoted, with a port'],
      ['10.0.0.1', 'for="[2001:db8::7]:4711"', '2001:db8::7', 'IPv6 in brackets with a port'],
      ['10.0.0.1', 'for="[2001:db8::7]"', '2001:db8::7', 'IPv6 in brackets'],
      ['10.0.0.1', 'for=203.0.113.1, for=198.51.100.7', '198.51.100.7', 'the client wrote the left part'],
      [
        '10.0.0.1',
        'for=203.0.113.1,for=198.51.100.7, for=192.0.2.5',
        '198.51.100.7',
        'a chain of two proxies',
      ],
      ['10.0.0.1', 'for=unknown', '10.0.0.1', 'unknown is no address: the proxy'],
      ['10.0.0.1', 'for=_hidden', '10.0.0.1', 'an obfuscated identifier is no address: the proxy'],
      ['10.0.0.1', 'for=198.51.100.7, for="_x:_y"', '10.0.0.1', 'nothing is read past one'],
      ['10.0.0.1', 'for=198.51.100.7, for=_hidden;by=192.0.2.5', '10.0.0.1', 'by= is not for='],
      ['10.0.0.1', 'for=192.0.2.9, for=192.0.2.5', '192.0.2.9', 'all proxies: the left-most'],
      ['10.0.0.1', 'for="203.0.113.1, for=198.51.100.7', '10.0.0.1', 'unreadable: the proxy'],
      ['10.0.0.1', 'proto=https', '10.0.0.1', 'no for=: the proxy'],
    ];
    for (const [peer, forwarded, client, why] of cases) {
      it(`${why}: ${peer} with ${JSON.stringify(forwarded)} → ${client}`, () => {
        assert.equal(p.clientAddress(peer, { forwarded }), client);
      });
    }
  });

  describe('clientAddress from both headers', () => {
    const cases: [headers: ForwardingHeaders, client: string, why: string][] = [
      [
        { forwarded: 'for=198.51.100.7', xForwardedFor: '203.0.113.1, 198.51.100.7' },
        '198.51.100.7',
        'they agree: that client',
      ],
      [
        { forwarded: 'for="[2001:DB8::7]"', xForwardedFor: '2001:db8:0::7' },
        '2001:DB8::7',
        'they agree, in two spellings of one address',
      ],
      [
        { forwarded: 'for=203.0.113.66', xForwardedFor: '198.51.100.7' },
        '10.0.0.1',
        'the client wrote Forwarded past a proxy that writes X-Forwarded-For: the proxy',
      ],
      [
        { forwarded: 'for=198.51.100.7', xForwardedFor: '203.0.113.66' },
        '10.0.0.1',
        'the client wrote X-Forwarded-For past a proxy that writes Forwarded: the proxy',
      ],
      [{ forwarded: 'for="', xForwardedFor: '198.51.100.7' }, '10.0.0.1', 'Forwarded unreadable: the proxy'],
      [
        { forwarded: 'proto=https;host=review.example', xForwardedFor: '198.51.100.7' },
        '198.51.100.7',
        'a Forwarded without for= leaves the client to X-Forwarded-For',
      ],
    ];
    for (const [headers, client, why] of cases) {
      it(`${why}: ${JSON.stringify(headers)} → ${client}`, () => {
        assert.equal(p.clientAddress('10.0.0.1', headers), client);
        assert.equal(p.clientAddress('198.51.100.8', headers), '198.51.100.8', 'not from a proxy');
      });
    }
  });

  it('believes X-Forwarded-Proto only from a proxy', () => {
    const https = (peer: string, xForwardedProto: string | undefined) =>
      p.forwardedHttps(peer, { xForwardedProto });
    assert.equal(https('10.0.0.1', 'https'), true);
    assert.equal(https('10.0.0.1', 'HTTPS'), true);
    assert.equal(https('10.0.0.1', 'https, http'), true);
    assert.equal(https('10.0.0.1', 'http'), false);
    assert.equal(https('10.0.0.1', undefined), false);
    assert.equal(https('198.51.100.7', 'https'), false);
    assert.equal(https('local', 'https'), false);
  });

  it('believes proto= of Forwarded only from a proxy, and only in the elements proxies wrote', () => {
    const https = (peer: string, forwarded: string) => p.forwardedHttps(peer, { forwarded });
    assert.equal(https('10.0.0.1', 'for=198.51.100.7;proto=https'), true);
    assert.equal(https('10.0.0.1', 'for=198.51.100.7;proto="HTTPS"'), true);
    assert.equal(https('10.0.0.1', 'for=198.51.100.7;proto=https, for=192.0.2.5;proto=http'), true);
    assert.equal(https('10.0.0.1', 'for=198.51.100.7;proto=http'), false);
    assert.equal(https('10.0.0.1', 'proto=https, for=198.51.100.7;proto=http'), false, 'the client’s own');
    assert.equal(https('10.0.0.1', 'for="198.51.100.7;proto=https'), false, 'unreadable');
    assert.equal(https('198.51.100.8', 'for=198.51.100.7;proto=https'), false);
    assert.equal(p.forwardedHttps('10.0.0.1', { forwarded: 'proto=https', xForwardedProto: 'http' }), true);
  });

  it('gives the hosts a proxy says the browser asked for, and none from any other peer', () => {
    const hosts = (peer: string, headers: ForwardingHeaders) => p.forwardedHosts(peer, headers);
    assert.deepEqual(hosts('10.0.0.1', {}), []);
    assert.deepEqual(hosts('10.0.0.1', { xForwardedHost: 'review.example' }), ['review.example']);
    assert.deepEqual(hosts('10.0.0.1', { xForwardedHost: 'evil.example, review.example' }), [
      'review.example',
    ]);
    assert.deepEqual(hosts('10.0.0.1', { forwarded: 'for=198.51.100.7;host="review.example:8443"' }), [
      'review.example:8443',
    ]);
    assert.deepEqual(
      hosts('10.0.0.1', { forwarded: 'host=evil.example, for=198.51.100.7;host=review.example' }),
      ['review.example'],
      'not the element the client wrote',
    );
    assert.deepEqual(
      hosts('10.0.0.1', { xForwardedHost: 'a.example', forwarded: 'for=198.51.100.7;host=b.example' }),
      ['a.example', 'b.example'],
    );
    assert.deepEqual(hosts('10.0.0.1', { forwarded: 'host="review.example' }), [], 'unreadable');
    assert.deepEqual(
      hosts('198.51.100.8', { xForwardedHost: 'review.example', forwarded: 'host=review.example' }),
      [],
    );
  });
});
