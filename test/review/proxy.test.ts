import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { TrustedProxies, parseForwarded, readNode, type ForwardingHeaders } from '../../src/review/proxy.js';

/** The proxies of `spec`, writing the client's address in `header` (REVIEW_PROXY_HEADER; its default unset). */
const proxies = (spec: string, header?: string) => {
  const config = loadConfig({ REVIEW_TRUST_PROXY: spec, REVIEW_PROXY_HEADER: header });
  return new TrustedProxies(config.REVIEW_TRUST_PROXY!, config.REVIEW_PROXY_HEADER);
};

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

  it('reads a node written without the quotes its colons and brackets call for, as proxies write it', () => {
    assert.deepEqual(parsed('for=2001:db8::1;proto=https'), [{ for: '2001:db8::1', proto: 'https' }]);
    assert.deepEqual(parsed('for=[2001:db8::1]:4711, for=192.0.2.43:80'), [
      { for: '[2001:db8::1]:4711' },
      { for: '192.0.2.43:80' },
    ]);
  });

  it('reads nothing of a header it cannot parse', () => {
    for (const bad of [
      'for="203.0.113.1, for=198.51.100.7', // a quote the client opened swallows the proxy's element
      'for="x\\',
      'for=a b',
      'for',
      'for=',
      '=x',
      'for=a;for=b',
      'for="a"b',
      'f r=a',
    ]) {
      assert.equal(parseForwarded(bad), null, bad);
    }
  });
});

describe('readNode', () => {
  it('takes the address out of a node, with or without its port', () => {
    const cases: [string, string | null][] = [
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
    ];
    for (const [node, address] of cases) {
      const read = readNode(node);
      assert.equal(typeof read === 'object' ? read.address : null, address, node);
    }
  });
});

describe('TrustedProxies', () => {
  const SPEC = '10.0.0.1, 192.0.2.0/24, ::1';
  /** Proxies that write X-Forwarded-For, the default. */
  const p = proxies(SPEC);
  /** Proxies that write Forwarded (REVIEW_PROXY_HEADER=forwarded). */
  const rfc = proxies(SPEC, 'forwarded');

  it('trusts the listed addresses and subnets, IPv4 ones also in their IPv6 form', () => {
    for (const a of ['10.0.0.1', '::ffff:10.0.0.1', '192.0.2.200', '::1']) assert.equal(p.trusts(a), true, a);
    for (const a of ['10.0.0.2', '192.0.3.1', '::2', 'local', 'unknown', '', 'fe80::1%eth0']) {
      assert.equal(p.trusts(a), false, a);
    }
  });

  describe('clientAddress from X-Forwarded-For (the default)', () => {
    const cases: [peer: string, xff: string | undefined, client: string | null, why: string][] = [
      ['198.51.100.7', '203.0.113.1', '198.51.100.7', 'not from a proxy: the header is not read'],
      ['10.0.0.1', undefined, '10.0.0.1', 'from a proxy without the header: the proxy'],
      ['10.0.0.1', '198.51.100.7', '198.51.100.7', 'one proxy'],
      ['::ffff:10.0.0.1', '198.51.100.7', '198.51.100.7', 'one proxy, seen on a dual-stack socket'],
      ['10.0.0.1', '203.0.113.1, 198.51.100.7', '198.51.100.7', 'the client wrote the left part'],
      ['10.0.0.1', '203.0.113.1,198.51.100.7, 192.0.2.5', '198.51.100.7', 'a chain of two proxies'],
      ['10.0.0.1', '203.0.113.1', '203.0.113.1', 'the right-most entry that is no proxy'],
      ['10.0.0.1', '192.0.2.9, 192.0.2.5', '192.0.2.9', 'all proxies: the left-most'],
      ['10.0.0.1', '198.51.100.7:4711', '198.51.100.7', 'with the port, as some proxies write it'],
      ['10.0.0.1', '[2001:db8::7]:4711', '2001:db8::7', 'IPv6 in brackets with the port'],
      ['10.0.0.1', 'unknown, 192.0.2.5', '192.0.2.5', 'unknown is no address: the proxy that wrote it'],
      ['10.0.0.1', 'garbage, 198.51.100.7', '198.51.100.7', 'what the client wrote is never read'],
      ['10.0.0.1', 'garbage, 192.0.2.5', null, 'a proxy wrote something that is no address: unreadable'],
      ['10.0.0.1', 'garbage', null, 'unreadable from the nearest proxy'],
      ['198.51.100.8', 'garbage', '198.51.100.8', 'not from a proxy: not read, so never unreadable'],
      ['10.0.0.1', '198.51.100.7, ', '198.51.100.7', 'empty entries are skipped'],
      ['10.0.0.1', '2001:db8::7', '2001:db8::7', 'IPv6 client'],
    ];
    for (const [peer, xff, client, why] of cases) {
      it(`${why}: ${peer} with ${JSON.stringify(xff)} → ${client}`, () => {
        assert.equal(p.clientAddress(peer, { xForwardedFor: xff }), client);
      });
    }
  });

  describe('clientAddress from Forwarded (RFC 7239), with REVIEW_PROXY_HEADER=forwarded', () => {
    const cases: [peer: string, forwarded: string, client: string | null, why: string][] = [
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
      ['10.0.0.1', 'for="203.0.113.1, for=198.51.100.7', null, 'does not parse: unreadable'],
      ['10.0.0.1', 'for=198.51.100.7, for=garbage', null, 'a proxy’s for= that is no node: unreadable'],
      ['10.0.0.1', 'for=garbage, for=198.51.100.7', '198.51.100.7', 'what the client wrote is never read'],
      ['198.51.100.8', 'for="203.0.113.1', '198.51.100.8', 'not from a proxy: not read, so never unreadable'],
      ['10.0.0.1', 'for=UNKNOWN', '10.0.0.1', 'unknown in any case'],
      ['10.0.0.1', 'for=2001:db8::7', '2001:db8::7', 'IPv6 unquoted (nginx: for=$remote_addr)'],
      ['10.0.0.1', 'for=198.51.100.7:4711', '198.51.100.7', 'with a port, unquoted'],
      ['10.0.0.1', 'proto=https', '10.0.0.1', 'no for=: the proxy'],
    ];
    for (const [peer, forwarded, client, why] of cases) {
      it(`${why}: ${peer} with ${JSON.stringify(forwarded)} → ${client}`, () => {
        assert.equal(rfc.clientAddress(peer, { forwarded }), client);
      });
    }
  });

  describe('clientAddress reads only the header REVIEW_PROXY_HEADER names', () => {
    // What a client can send past a proxy that writes the other header, passed on as it wrote it.
    const cases: [
      headers: ForwardingHeaders,
      byXff: string | null,
      byForwarded: string | null,
      why: string,
    ][] = [
      [
        { forwarded: 'for=198.51.100.7', xForwardedFor: '203.0.113.1, 198.51.100.7' },
        '198.51.100.7',
        '198.51.100.7',
        'both name one client',
      ],
      [
        { forwarded: 'for=203.0.113.66', xForwardedFor: '198.51.100.7' },
        '198.51.100.7',
        '203.0.113.66',
        'they disagree: each setting believes its own header, not the proxy',
      ],
      [
        { forwarded: 'for="203.0.113.66', xForwardedFor: '198.51.100.7' },
        '198.51.100.7',
        null,
        'Forwarded unreadable: it counts only where it is read',
      ],
      [
        { forwarded: 'for=198.51.100.7', xForwardedFor: 'garbage' },
        null,
        '198.51.100.7',
        'X-Forwarded-For unreadable: it counts only where it is read',
      ],
      [
        { forwarded: 'proto=https;host=review.example', xForwardedFor: '198.51.100.7' },
        '198.51.100.7',
        '10.0.0.1',
        'Forwarded without for= names no client',
      ],
      [{ xForwardedFor: '203.0.113.66' }, '203.0.113.66', '10.0.0.1', 'only X-Forwarded-For'],
      [{ forwarded: 'for=203.0.113.66' }, '10.0.0.1', '203.0.113.66', 'only Forwarded'],
    ];
    for (const [headers, byXff, byForwarded, why] of cases) {
      it(`${why}: ${JSON.stringify(headers)} → ${byXff} (x-forwarded-for), ${byForwarded} (forwarded)`, () => {
        assert.equal(p.clientAddress('10.0.0.1', headers), byXff, 'x-forwarded-for');
        assert.equal(rfc.clientAddress('10.0.0.1', headers), byForwarded, 'forwarded');
        assert.equal(p.clientAddress('198.51.100.8', headers), '198.51.100.8', 'not from a proxy');
        assert.equal(rfc.clientAddress('198.51.100.8', headers), '198.51.100.8', 'not from a proxy');
      });
    }

    it('reads X-Forwarded-For when the setting is unset, and takes its name in any case', () => {
      const headers = { forwarded: 'for=203.0.113.66', xForwardedFor: '198.51.100.7' };
      assert.equal(proxies(SPEC, 'X-Forwarded-For').clientAddress('10.0.0.1', headers), '198.51.100.7');
      assert.equal(proxies(SPEC, ' Forwarded ').clientAddress('10.0.0.1', headers), '203.0.113.66');
    });
  });

  it('notices a request from a proxy with the other header and without the one it is said to write', () => {
    const cases: [headers: ForwardingHeaders, byXff: string | null, byForwarded: string | null][] = [
      [{ forwarded: 'for=198.51.100.7' }, 'forwarded', null],
      [{ xForwardedFor: '198.51.100.7' }, null, 'x-forwarded-for'],
      [{ forwarded: 'for=198.51.100.7', xForwardedFor: '198.51.100.7' }, null, null],
      [{ forwarded: ' ', xForwardedFor: '198.51.100.7' }, null, 'x-forwarded-for'],
      [{}, null, null],
    ];
    for (const [headers, byXff, byForwarded] of cases) {
      const why = JSON.stringify(headers);
      assert.equal(p.otherHeaderOnly('10.0.0.1', headers), byXff, why);
      assert.equal(rfc.otherHeaderOnly('10.0.0.1', headers), byForwarded, why);
      assert.equal(p.otherHeaderOnly('198.51.100.8', headers), null, `not from a proxy: ${why}`);
      assert.equal(rfc.otherHeaderOnly('198.51.100.8', headers), null, `not from a proxy: ${why}`);
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
    // Whichever header the proxies write the address in: a Secure cookie only fails its own client.
    assert.equal(rfc.forwardedHttps('10.0.0.1', { xForwardedProto: 'https' }), true);
    assert.equal(p.forwardedHttps('10.0.0.1', { forwarded: 'proto=https' }), true);
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
      rfc.forwardedHosts('10.0.0.1', { xForwardedHost: 'review.example' }),
      ['review.example'],
      'whichever header the proxies write the address in',
    );
    assert.deepEqual(
      hosts('198.51.100.8', { xForwardedHost: 'review.example', forwarded: 'host=review.example' }),
      [],
    );
  });
});
