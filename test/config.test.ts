import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  describe('REVIEW_TRUST_PROXY', () => {
    it('is unset by default, and when empty', () => {
      assert.equal(loadConfig({}).REVIEW_TRUST_PROXY, undefined);
      assert.equal(loadConfig({ REVIEW_TRUST_PROXY: '' }).REVIEW_TRUST_PROXY, undefined);
    });

    it('reads comma-separated addresses and CIDR subnets, IPv4 and IPv6', () => {
      const c = loadConfig({ REVIEW_TRUST_PROXY: ' 127.0.0.1, ::1,10.0.0.0/8 ,fd00::/8,' });
      assert.deepEqual(c.REVIEW_TRUST_PROXY, [
        { address: '127.0.0.1', prefix: 32, family: 'ipv4' },
        { address: '::1', prefix: 128, family: 'ipv6' },
        { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
        { address: 'fd00::', prefix: 8, family: 'ipv6' },
      ]);
    });

    for (const bad of [
      'true',
      'proxy.example',
      '10.0.0.1:8080',
      '10.0.0.0/33',
      '::/129',
      '10.0.0.0/',
      '10.0.0.0/-1',
      'fe80::1%eth0',
      '127.0.0.1, 256.0.0.1',
      ' , ',
    ]) {
      it(`refuses ${JSON.stringify(bad)}, naming the setting`, () => {
        assert.throws(
          () => loadConfig({ REVIEW_TRUST_PROXY: bad }),
          (err: Error) => err instanceof ConfigError && /REVIEW_TRUST_PROXY: /.test(err.message),
        );
      });
    }

    it('names the entry that is not an address', () => {
      assert.throws(
        () => loadConfig({ REVIEW_TRUST_PROXY: '127.0.0.1,localhost' }),
        /REVIEW_TRUST_PROXY: "localhost" is not an IP address or subnet/,
      );
    });
  });

  describe('REVIEW_PROXY_HEADER', () => {
    it('is X-Forwarded-For by default, and when empty', () => {
      assert.equal(loadConfig({}).REVIEW_PROXY_HEADER, 'x-forwarded-for');
      assert.equal(loadConfig({ REVIEW_PROXY_HEADER: '' }).REVIEW_PROXY_HEADER, 'x-forwarded-for');
    });

    it('takes either header, named in any case', () => {
      for (const [value, header] of [
        ['x-forwarded-for', 'x-forwarded-for'],
        ['X-Forwarded-For', 'x-forwarded-for'],
        ['forwarded', 'forwarded'],
        [' Forwarded ', 'forwarded'],
      ] as const) {
        assert.equal(loadConfig({ REVIEW_PROXY_HEADER: value }).REVIEW_PROXY_HEADER, header, value);
      }
    });

    for (const bad of ['x-real-ip', 'both', 'x-forwarded-for,forwarded', 'true']) {
      it(`refuses ${JSON.stringify(bad)}, naming the setting and what it may be`, () => {
        assert.throws(
          () => loadConfig({ REVIEW_PROXY_HEADER: bad }),
          (err: Error) =>
            err instanceof ConfigError &&
            /REVIEW_PROXY_HEADER: .*"x-forwarded-for".*"forwarded"/.test(err.message),
        );
      });
    }
  });
});
