import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { originHost, originMatches } from '../../src/review/origin.js';

describe('originHost', () => {
  it('writes a host as an origin of the scheme does', () => {
    const cases: [host: string, protocol: 'http:' | 'https:', written: string | null][] = [
      ['review.example', 'https:', 'review.example'],
      ['review.example:443', 'https:', 'review.example'],
      ['review.example:443', 'http:', 'review.example:443'],
      ['review.example:80', 'http:', 'review.example'],
      ['review.example:80', 'https:', 'review.example:80'],
      ['Review.EXAMPLE:8443', 'https:', 'review.example:8443'],
      ['[2001:DB8:0::1]:443', 'https:', '[2001:db8::1]'],
      ['[::1]:8080', 'http:', '[::1]:8080'],
      ['127.0.0.1:8080', 'http:', '127.0.0.1:8080'],
      ['review.example.', 'https:', 'review.example.'],
      ['2001:db8::1', 'https:', null], // IPv6 without brackets
      ['user@review.example', 'https:', null],
      ['review.example/path', 'https:', null],
      ['review.example:', 'https:', null],
      ['review.example:99999', 'https:', null],
      ['review.example, evil.example', 'https:', null],
      ['rev%69ew.example', 'https:', null],
      ['[2001:db8::zz]', 'https:', null],
      ['', 'https:', null],
    ];
    for (const [host, protocol, written] of cases) {
      assert.equal(originHost(host, protocol), written, `${protocol} ${host}`);
    }
  });
});

describe('originMatches', () => {
  it('takes a port that is the scheme’s default as no port, and a host name whatever its case', () => {
    const same: [origin: string, host: string][] = [
      ['https://review.example', 'review.example'],
      ['https://review.example', 'review.example:443'],
      ['https://review.example:443', 'review.example'],
      ['http://review.example', 'review.example:80'],
      ['http://review.example', 'review.example'],
      ['https://review.example:8443', 'review.example:8443'],
      ['https://review.example', 'Review.Example'],
      ['https://review.example', 'REVIEW.EXAMPLE:443'],
      ['http://[2001:db8::1]:8080', '[2001:DB8:0:0::1]:8080'],
      ['https://[2001:db8::1]', '[2001:db8::1]:443'],
      ['http://127.0.0.1:8080', '127.0.0.1:8080'],
    ];
    for (const [origin, host] of same) assert.equal(originMatches(origin, [host]), true, `${origin} ${host}`);
  });

  it('tells another port, host, or a port another scheme’s default apart, as browsers do', () => {
    const other: [origin: string, host: string][] = [
      ['https://review.example', 'review.example:8443'],
      ['https://review.example', 'review.example:80'], // 80 is http's, not https's
      ['http://review.example', 'review.example:443'],
      ['https://review.example:8443', 'review.example'],
      ['https://review.example:8443', 'review.example:443'],
      ['https://evil.example', 'review.example'],
      ['https://review.example.evil.example', 'review.example'],
      ['https://review.example', 'review.example.'],
      ['http://[2001:db8::1]:8080', '[2001:db8::2]:8080'],
      ['http://[::1]', '::1'], // an IPv6 address is in brackets
      ['https://review.example', 'evil@review.example'],
      ['null', 'review.example'],
      ['garbage', 'review.example'],
      ['ftp://review.example', 'review.example'],
      ['chrome-extension://review.example', 'review.example'],
      ['https://review.example/path', 'review.example'],
      ['https://someone@review.example', 'review.example'],
    ];
    for (const [origin, host] of other)
      assert.equal(originMatches(origin, [host]), false, `${origin} ${host}`);
  });

  it('matches any of the hosts, and none when there are none', () => {
    assert.equal(originMatches('https://review.example', ['127.0.0.1:8080', 'review.example:443']), true);
    assert.equal(originMatches('https://review.example', ['127.0.0.1:8080', 'other.example']), false);
    assert.equal(originMatches('https://review.example', []), false);
  });
});
