import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { loadConfig } from '../../src/config.js';
import { PassageStore } from '../../src/index/store.js';
import {
  ReviewConfigError,
  createReviewServer,
  openArticleSource,
  type ReviewApp,
} from '../../src/review/index.js';
import { bareArticle } from '../helpers/corpus.js';
import {
  AFTER_AR,
  ALICE,
  ARTICLE_AR,
  ARTICLE_ID,
  BEFORE_AR,
  BOB,
  FORM,
  PASSAGE_AR,
  alertIn,
  arabicNotMarked,
  csrfIn,
  entry,
  fixture,
  form,
  idsIn,
  login,
  parseCsv,
  seed,
  setCookie,
  titleIn,
  unescapeHtml,
  type Fixture,
} from './helpers.js';

describe('review server', () => {
  let fx: Fixture;
  let app: ReviewApp;

  beforeEach(() => {
    fx = fixture({ REVIEW_SESSION_SECRET: 's'.repeat(32) });
    seed(fx.log);
    app = createReviewServer({
      log: fx.log,
      config: fx.config,
      now: () => fx.clock.now,
      articleText: (id) => (id === ARTICLE_ID ? ARTICLE_AR : null),
    });
  });
  afterEach(() => {
    app.close();
    fx.cleanup();
  });

  describe('authentication', () => {
    it('sends a visitor without a session to the login form, keeping where they were going', async () => {
      const res = await app.request('/?feedback=down');
      assert.equal(res.status, 302);
      assert.equal(res.headers.get('location'), '/login?next=%2F%3Ffeedback%3Ddown');
      const detail = await app.request('/answers/2');
      assert.equal(detail.status, 302);
    });

    it('answers 401 to exports and actions without a session, and changes nothing', async () => {
      const exported = await app.request('/export.csv');
      assert.equal(exported.status, 401);
      assert.equal(await exported.text(), 'Log in first.\nسجّل الدخول أولًا.\n');
      assert.equal((await app.request('/export.jsonl')).status, 401);
      // A browser's link (its session ended while the queue was open) goes to the login, and on to
      // the export after it.
      const link = await app.request('/export.csv?lang=ar&undelivered=1', {
        headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
      });
      assert.equal(link.status, 302);
      assert.equal(
        link.headers.get('location'),
        `/login?next=${encodeURIComponent('/export.csv?lang=ar&undelivered=1')}`,
      );
      const res = await app.request('/answers/2/review', {
        method: 'POST',
        headers: FORM,
        body: form({ state: 'incorrect' }),
      });
      assert.equal(res.status, 401);
      assert.equal(fx.log.get(2)?.reviewState, 'unreviewed');
    });

    it('refuses a wrong token or unknown name, without a session cookie', async () => {
      for (const [name, token] of [
        [ALICE.name, BOB.token],
        [ALICE.name, ''],
        ['mallory', ALICE.token],
      ] as const) {
        const page = await app.request('/login');
        const loginCsrf = setCookie(page, 'review_login_csrf')?.value ?? '';
        const res = await app.request('/login', {
          method: 'POST',
          headers: { ...FORM, cookie: `review_login_csrf=${loginCsrf}` },
          body: form({ _csrf: loginCsrf, name, token }),
        });
        assert.equal(res.status, 401, `${name}:${token}`);
        assert.equal(setCookie(res, 'review_session'), undefined);
        // The same words for both, in both languages: they tell nothing of which names exist.
        assert.deepEqual(alertIn(await res.text()), {
          en: 'Wrong name or token.',
          ar: 'الاسم أو الرمز غير صحيح.',
        });
      }
    });

    it('logs in with the right token: an HttpOnly, SameSite=Strict session cookie, redirect to next', async () => {
      const page = await app.request('/login?next=/answers/2');
      const loginCsrf = setCookie(page, 'review_login_csrf');
      assert.ok(loginCsrf?.attrs.includes('HttpOnly'));
      const res = await app.request('/login', {
        method: 'POST',
        headers: { ...FORM, cookie: `review_login_csrf=${loginCsrf?.value}` },
        body: form({
          _csrf: csrfIn(await page.text()),
          name: BOB.name,
          token: BOB.token,
          next: '/answers/2',
        }),
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/answers/2');
      const session = setCookie(res, 'review_session');
      assert.ok(session);
      assert.match(session.attrs, /HttpOnly/);
      assert.match(session.attrs, /SameSite=Strict/);
      assert.match(session.attrs, /Path=\//);
      assert.doesNotMatch(session.attrs, /Secure/, 'not Secure over plain http');
      const queue = await app.request('/', { headers: { cookie: `review_session=${session.value}` } });
      assert.equal(queue.status, 200);
      assert.match(await queue.text(), /bob/);
    });

    it('marks the cookie Secure over https and never redirects off-site after login', async () => {
      const page = await app.request('https://review.example/login');
      const loginCsrf = setCookie(page, 'review_login_csrf');
      assert.match(loginCsrf?.attrs ?? '', /Secure/);
      const res = await app.request('https://review.example/login', {
        method: 'POST',
        headers: { ...FORM, cookie: `review_login_csrf=${loginCsrf?.value}` },
        body: form({
          _csrf: loginCsrf?.value ?? '',
          name: ALICE.name,
          token: ALICE.token,
          next: '//evil.example/',
        }),
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/');
      assert.match(setCookie(res, 'review_session')?.attrs ?? '', /Secure/);
      // Browsers drop tabs and newlines from a Location: "/\t/evil.example" would go to evil.example.
      const cookie = `review_session=${setCookie(res, 'review_session')?.value}`;
      for (const next of [
        '/\t/evil.example/phish',
        '/\n/evil.example',
        '/\\evil.example',
        'https://evil.example',
      ]) {
        const again = await app.request(`/login?next=${encodeURIComponent(next)}`, { headers: { cookie } });
        assert.equal(again.status, 302, JSON.stringify(next));
        assert.equal(again.headers.get('location'), '/', JSON.stringify(next));
      }
      const same = await app.request('/login?next=%2Fanswers%2F2%3Flang%3Dar', { headers: { cookie } });
      assert.equal(same.headers.get('location'), '/answers/2?lang=ar');
    });

    it('refuses a login post without the double-submit token (login CSRF)', async () => {
      const res = await app.request('/login', {
        method: 'POST',
        headers: FORM,
        body: form({ _csrf: 'x', name: ALICE.name, token: ALICE.token }),
      });
      assert.equal(res.status, 403);
      assert.equal(setCookie(res, 'review_session'), undefined);
      const mismatched = await app.request('/login', {
        method: 'POST',
        headers: { ...FORM, cookie: 'review_login_csrf=aaaa' },
        body: form({ _csrf: 'bbbb', name: ALICE.name, token: ALICE.token }),
      });
      assert.equal(mismatched.status, 403);
    });

    it('slows down guessing: after 10 failures for a name from one address even the right token waits', async () => {
      const attempt = async (token: string) => {
        const page = await app.request('/login');
        const c = setCookie(page, 'review_login_csrf')?.value ?? '';
        return app.request('/login', {
          method: 'POST',
          headers: { ...FORM, cookie: `review_login_csrf=${c}` },
          body: form({ _csrf: c, name: ALICE.name, token }),
        });
      };
      for (let i = 0; i < 10; i++) assert.equal((await attempt('guess-' + i)).status, 401);
      const blocked = await attempt(ALICE.token);
      assert.equal(blocked.status, 429);
      assert.ok(Number(blocked.headers.get('retry-after')) > 0);
      fx.clock.now = new Date(fx.clock.now.getTime() + 11 * 60_000);
      assert.equal((await attempt(ALICE.token)).status, 303);
    });

    describe('failed logins are counted per name and address, per name, and per address', () => {
      /** A login from `address`, as the Node server sees a connection (no X-Forwarded-For is read). */
      const attempt = async (name: string, token: string, address = '10.0.0.1', xff?: string) => {
        const env = {
          incoming: { socket: { remoteAddress: address, remotePort: 4000, remoteFamily: 'IPv4' } },
        };
        const page = await app.request('/login', {}, env);
        const c = setCookie(page, 'review_login_csrf')?.value ?? '';
        return app.request(
          '/login',
          {
            method: 'POST',
            headers: {
              ...FORM,
              cookie: `review_login_csrf=${c}`,
              ...(xff ? { 'x-forwarded-for': xff } : {}),
            },
            body: form({ _csrf: c, name, token }),
          },
          env,
        );
      };

      it('one moderator’s typos behind a shared address do not lock out the others', async () => {
        for (let i = 0; i < 10; i++) assert.equal((await attempt(ALICE.name, `typo-${i}`)).status, 401);
        const blocked = await attempt(ALICE.name, ALICE.token);
        assert.equal(blocked.status, 429);
        assert.deepEqual(alertIn(await blocked.text()), {
          en: 'Too many failed logins for this name from this address; try again in 10 min.',
          ar: 'كثرت محاولات الدخول الفاشلة لهذا الاسم من هذا العنوان؛ يُرجى المحاولة مجددًا بعد 10 دقائق.',
        });
        // Bob, behind the same proxy (the same address), still gets in.
        assert.equal((await attempt(BOB.name, BOB.token)).status, 303);
      });

      it('a stranger’s wrong tokens for a name do not lock its moderator out at their own address', async () => {
        // No session needed: the login form gives anyone its CSRF cookie.
        for (const name of [ALICE.name, BOB.name]) {
          for (let i = 0; i < 10; i++)
            assert.equal((await attempt(name, `x${i}`, '198.51.100.7')).status, 401);
          assert.equal((await attempt(name, 'x', '198.51.100.7')).status, 429, 'the stranger is stopped');
        }
        assert.equal((await attempt(ALICE.name, ALICE.token, '10.0.0.1')).status, 303);
        assert.equal((await attempt(BOB.name, BOB.token, '10.0.0.2')).status, 303);
      });

      it('guessing one name’s token is limited whatever the address, and X-Forwarded-For changes nothing', async () => {
        // 100 failures from ten addresses (ten each, under the limit per name and address).
        for (let i = 0; i < 100; i++) {
          const res = await attempt(ALICE.name, `guess-${i}`, `192.0.2.${i % 10}`, `198.51.100.${i}`);
          assert.equal(res.status, 401);
        }
        const fresh = await attempt(ALICE.name, ALICE.token, '203.0.113.9', '203.0.113.10');
        assert.equal(fresh.status, 429, 'a new address does not buy more guesses');
        assert.ok(Number(fresh.headers.get('retry-after')) > 0);
        const why = alertIn(await fresh.text());
        assert.match(why.en, /for this name from all addresses together/);
        assert.match(why.ar ?? '', /لهذا الاسم من كل العناوين معًا/);
        assert.equal((await attempt(BOB.name, BOB.token, '203.0.113.9')).status, 303);
        // A name that is no moderator's is limited in the same way, so a block tells nothing of names.
        for (let i = 0; i < 100; i++)
          assert.equal((await attempt('mallory', `g${i}`, `192.0.2.${20 + (i % 10)}`)).status, 401);
        assert.equal((await attempt('mallory', 'g', '192.0.2.77')).status, 429);
        fx.clock.now = new Date(fx.clock.now.getTime() + 11 * 60_000);
        assert.equal((await attempt(ALICE.name, ALICE.token, '203.0.113.9')).status, 303);
      });

      it('one address trying many names is slowed too, at a higher limit', async () => {
        for (let i = 0; i < 50; i++) assert.equal((await attempt(`name${i}`, 'wrong-token')).status, 401);
        const blocked = await attempt(BOB.name, BOB.token);
        assert.equal(blocked.status, 429);
        assert.deepEqual(alertIn(await blocked.text()), {
          en: 'Too many failed logins from this address; try again in 10 min.',
          ar: 'كثرت محاولات الدخول الفاشلة من هذا العنوان؛ يُرجى المحاولة مجددًا بعد 10 دقائق.',
        });
        assert.equal((await attempt(BOB.name, BOB.token, '10.0.0.2')).status, 303);
      });
    });

    describe('behind a reverse proxy named in REVIEW_TRUST_PROXY', () => {
      const PROXY = '10.0.0.1';
      /** Behind proxies that write X-Forwarded-For (REVIEW_PROXY_HEADER unset). */
      let proxied: ReviewApp;
      /** Behind proxies that write Forwarded (REVIEW_PROXY_HEADER=forwarded). */
      let rfcProxied: ReviewApp;
      beforeEach(() => {
        const trusted = loadConfig({ REVIEW_TRUST_PROXY: `${PROXY}, 192.0.2.0/24` }).REVIEW_TRUST_PROXY;
        proxied = createReviewServer({
          log: fx.log,
          config: { ...fx.config, REVIEW_TRUST_PROXY: trusted },
          now: () => fx.clock.now,
        });
        rfcProxied = createReviewServer({
          log: fx.log,
          config: { ...fx.config, REVIEW_TRUST_PROXY: trusted, REVIEW_PROXY_HEADER: 'forwarded' },
          now: () => fx.clock.now,
        });
      });
      afterEach(() => {
        proxied.close();
        rfcProxied.close();
      });

      /**
       * A login to `target` over a connection from `peer`, with the forwarding headers given (as pairs
       * when a header comes more than once).
       */
      const attempt = async (
        target: ReviewApp,
        name: string,
        token: string,
        peer: string,
        forwarded: Record<string, string> | [string, string][] = {},
      ) => {
        const env = { incoming: { socket: { remoteAddress: peer, remotePort: 4000, remoteFamily: 'IPv4' } } };
        const page = await target.request('/login', { headers: forwarded }, env);
        const loginCookie = setCookie(page, 'review_login_csrf');
        const headers = new Headers(forwarded);
        headers.set('content-type', FORM['content-type']);
        headers.set('cookie', `review_login_csrf=${loginCookie?.value}`);
        const res = await target.request(
          '/login',
          {
            method: 'POST',
            headers,
            body: form({ _csrf: loginCookie?.value ?? '', name, token }),
          },
          env,
        );
        return { loginCookie, res };
      };

      it('marks the cookies Secure when the proxy says the request came over https', async () => {
        const https = await attempt(proxied, ALICE.name, ALICE.token, PROXY, {
          'x-forwarded-proto': 'https',
          'x-forwarded-for': '198.51.100.7',
        });
        assert.equal(https.res.status, 303);
        assert.match(https.loginCookie?.attrs ?? '', /Secure/);
        assert.match(setCookie(https.res, 'review_session')?.attrs ?? '', /Secure/);
        // Plain http at the proxy; https claimed by a client that is not the proxy; the setting unset.
        for (const [target, peer, proto] of [
          [proxied, PROXY, 'http'],
          [proxied, '198.51.100.7', 'https'],
          [app, PROXY, 'https'],
        ] as const) {
          const plain = await attempt(target, ALICE.name, ALICE.token, peer, { 'x-forwarded-proto': proto });
          assert.equal(plain.res.status, 303);
          const why = `${target === app ? 'unset' : 'set'}, from ${peer}, ${proto}`;
          assert.doesNotMatch(plain.loginCookie?.attrs ?? '', /Secure/, why);
          assert.doesNotMatch(setCookie(plain.res, 'review_session')?.attrs ?? '', /Secure/, why);
        }
      });

      it('limits failed logins by the client address the proxy reports, not the proxy’s', async () => {
        const stranger = { 'x-forwarded-for': '198.51.100.7' };
        const alice = { 'x-forwarded-for': '203.0.113.5' };
        for (let i = 0; i < 10; i++) {
          assert.equal((await attempt(proxied, ALICE.name, `x${i}`, PROXY, stranger)).res.status, 401);
        }
        assert.equal((await attempt(proxied, ALICE.name, 'x', PROXY, stranger)).res.status, 429);
        assert.equal((await attempt(proxied, ALICE.name, ALICE.token, PROXY, alice)).res.status, 303);
        // Unset, every client behind the proxy is the proxy: the stranger locks alice out, as before.
        for (let i = 0; i < 10; i++) {
          assert.equal((await attempt(app, ALICE.name, `x${i}`, PROXY, stranger)).res.status, 401);
        }
        const lockedOut = await attempt(app, ALICE.name, ALICE.token, PROXY, alice);
        assert.equal(lockedOut.res.status, 429);
      });

      it('reads X-Forwarded-For from the right: what the client writes buys no more guesses', async () => {
        // The proxy appends the address it was reached from to whatever the client sent.
        for (let i = 0; i < 10; i++) {
          const forged = { 'x-forwarded-for': `203.0.113.${i}, 198.51.100.7` };
          assert.equal((await attempt(proxied, ALICE.name, `x${i}`, PROXY, forged)).res.status, 401);
        }
        const again = { 'x-forwarded-for': '203.0.113.99, 198.51.100.7' };
        assert.equal((await attempt(proxied, ALICE.name, 'x', PROXY, again)).res.status, 429);
        // Through a second proxy of the list, the same client is still the same.
        const chain = { 'x-forwarded-for': '198.51.100.7, 192.0.2.5' };
        assert.equal((await attempt(proxied, ALICE.name, 'x', PROXY, chain)).res.status, 429);
        // A client that reaches the page directly is not believed at all.
        for (let i = 0; i < 10; i++) {
          const own = { 'x-forwarded-for': `203.0.113.${i}` };
          assert.equal((await attempt(proxied, BOB.name, `x${i}`, '198.51.100.8', own)).res.status, 401);
        }
        const direct = { 'x-forwarded-for': '203.0.113.200' };
        assert.equal((await attempt(proxied, BOB.name, BOB.token, '198.51.100.8', direct)).res.status, 429);
      });

      it('reads Forwarded (RFC 7239) the same way when it is the proxy’s, from several headers, quoted, IPv6 with a port', async () => {
        for (let i = 0; i < 10; i++) {
          // Two Forwarded headers: the client's own, then the one the proxy added.
          const forged: [string, string][] = [
            ['forwarded', `for="203.0.113.${i}:1234"`],
            ['forwarded', 'for="[2001:db8::7]:4711";proto=https'],
          ];
          assert.equal((await attempt(rfcProxied, ALICE.name, `x${i}`, PROXY, forged)).res.status, 401);
        }
        const again = { forwarded: 'for=_hidden, for="[2001:db8::7]"' };
        assert.equal((await attempt(rfcProxied, ALICE.name, 'x', PROXY, again)).res.status, 429);
        // Through a second proxy of the list, the same client is still the same.
        const chain = { forwarded: 'for="[2001:db8::7]", for=192.0.2.5' };
        assert.equal((await attempt(rfcProxied, ALICE.name, 'x', PROXY, chain)).res.status, 429);
        // Alice, at her own address, is not locked out by the stranger.
        const alice = { forwarded: 'for=203.0.113.5;proto=https' };
        assert.equal((await attempt(rfcProxied, ALICE.name, ALICE.token, PROXY, alice)).res.status, 303);
        // A client that reaches the page directly is not believed at all.
        for (let i = 0; i < 10; i++) {
          const own = { forwarded: `for=203.0.113.${i}` };
          assert.equal((await attempt(rfcProxied, BOB.name, `x${i}`, '198.51.100.8', own)).res.status, 401);
        }
        const direct = { forwarded: 'for=203.0.113.200' };
        assert.equal(
          (await attempt(rfcProxied, BOB.name, BOB.token, '198.51.100.8', direct)).res.status,
          429,
        );
      });

      it('reads only the header the proxy writes: the other chooses no address, nor pools anyone with strangers', async () => {
        // For each setting: the header its proxy writes, and the other, which a client adds past it.
        const setups = [
          {
            target: proxied,
            writes: (a: string) => ({ 'x-forwarded-for': a }),
            adds: (a: string) => ({ forwarded: `for=${a}` }),
          },
          {
            target: rfcProxied,
            writes: (a: string) => ({ forwarded: `for=${a}` }),
            adds: (a: string) => ({ 'x-forwarded-for': a }),
          },
        ];
        for (const [k, { target, writes, adds }] of setups.entries()) {
          const why = k ? 'forwarded' : 'x-forwarded-for';
          const stranger = (i: number) => ({ ...writes('198.51.100.7'), ...adds(`203.0.113.${i}`) });
          // A new address per guess, in the header the proxy does not write, buys no more guesses.
          for (let i = 0; i < 10; i++) {
            assert.equal(
              (await attempt(target, ALICE.name, `x${i}`, PROXY, stranger(i))).res.status,
              401,
              why,
            );
          }
          const more = await attempt(target, ALICE.name, 'x', PROXY, stranger(99));
          assert.equal(more.res.status, 429, why);
          // Alice's own network adds the other header too (a company proxy). The two disagree, as the
          // stranger's did; she is still known by the address the proxy wrote, not put with the stranger.
          const alice = { ...writes('203.0.113.5'), ...adds('172.16.0.9') };
          assert.equal((await attempt(target, ALICE.name, ALICE.token, PROXY, alice)).res.status, 303, why);
          // Naming her address in the other header does not lock her out there either.
          for (let i = 0; i < 10; i++) {
            const framing = { ...writes('198.51.100.9'), ...adds('203.0.113.6') };
            assert.equal((await attempt(target, BOB.name, `x${i}`, PROXY, framing)).res.status, 401, why);
          }
          const bob = writes('203.0.113.6');
          assert.equal((await attempt(target, BOB.name, BOB.token, PROXY, bob)).res.status, 303, why);
        }
      });

      it('refuses a request whose proxy header cannot be read, instead of counting it as the proxy', async () => {
        // For each setting: a header its proxy writes that cannot be read (the client's own Forwarded,
        // with an open quote, that the proxy appended its element to; a proxy entry that is no
        // address), and the same client's readable one.
        type HeaderSet = Record<string, string>;
        const setups: { target: ReviewApp; name: string; broken: HeaderSet; readable: HeaderSet }[] = [
          {
            target: proxied,
            name: 'X-Forwarded-For',
            broken: { 'x-forwarded-for': 'garbage' },
            readable: { 'x-forwarded-for': '198.51.100.7' },
          },
          {
            target: rfcProxied,
            name: 'Forwarded',
            broken: { forwarded: 'for="203.0.113.1, for=198.51.100.7' },
            readable: { forwarded: 'for=198.51.100.7' },
          },
        ];
        for (const { target, name, broken, readable } of setups) {
          const refused = await attempt(target, ALICE.name, ALICE.token, PROXY, broken);
          assert.equal(refused.res.status, 400, name);
          assert.equal(refused.loginCookie, undefined, `the form itself is refused: ${name}`);
          assert.equal(
            await refused.res.text(),
            `The ${name} header of this request cannot be read, so the address it comes from is not ` +
              'known; the request is refused. If you did not add the header yourself, tell the operator ' +
              'of this page: the proxy in front of it may write it wrongly.\n' +
              `تعذّرت قراءة الترويسة \u2066${name}\u2069 في هذا الطلب، فلا يُعرف العنوان الذي جاء منه، ` +
              'ولذلك رُفض. إن لم تُضف هذه الترويسة بنفسك فأبلغ مشغّل هذه الصفحة: لعل الوكيل الذي أمامها ' +
              'يكتبها على نحو خاطئ.\n',
          );
          // Broken headers buy no guesses, and so lock no one out: not the proxy's other clients
          // (the proxy's own address, as a header with `unknown` gives), nor the same client.
          for (let i = 0; i < 60; i++) {
            assert.equal((await attempt(target, ALICE.name, `x${i}`, PROXY, broken)).res.status, 400, name);
          }
          const unknown: HeaderSet =
            name === 'Forwarded' ? { forwarded: 'for=unknown' } : { 'x-forwarded-for': 'unknown' };
          assert.equal(
            (await attempt(target, ALICE.name, ALICE.token, PROXY, unknown)).res.status,
            303,
            name,
          );
          assert.equal(
            (await attempt(target, ALICE.name, ALICE.token, PROXY, readable)).res.status,
            303,
            name,
          );
          // From a client that is not a proxy, the header is not read, so it is not refused.
          const direct = await attempt(target, ALICE.name, ALICE.token, '198.51.100.8', broken);
          assert.equal(direct.res.status, 303, `not from a proxy: ${name}`);
        }
        // The header the proxy does not write is not read, broken or not: the client is still known.
        const other = { 'x-forwarded-for': '198.51.100.7', forwarded: 'for="203.0.113.1' };
        assert.equal((await attempt(proxied, ALICE.name, ALICE.token, PROXY, other)).res.status, 303);
        const otherRfc = { forwarded: 'for=198.51.100.7', 'x-forwarded-for': 'garbage' };
        assert.equal((await attempt(rfcProxied, ALICE.name, ALICE.token, PROXY, otherRfc)).res.status, 303);
        // Without REVIEW_TRUST_PROXY no header is read, so none is refused.
        for (const broken of [{ 'x-forwarded-for': 'garbage' }, { forwarded: 'for="x' }] as HeaderSet[]) {
          assert.equal((await attempt(app, ALICE.name, ALICE.token, PROXY, broken)).res.status, 303);
        }
      });

      it('tells the operator once when the proxy writes the other header than REVIEW_PROXY_HEADER names', async () => {
        const warnings: string[] = [];
        const trusted = loadConfig({ REVIEW_TRUST_PROXY: PROXY }).REVIEW_TRUST_PROXY;
        const target = createReviewServer({
          log: fx.log,
          config: { ...fx.config, REVIEW_TRUST_PROXY: trusted },
          warn: (m) => warnings.push(m),
        });
        try {
          // The proxy writes its header: nothing to say, whatever else a client adds.
          await attempt(target, ALICE.name, 'x', PROXY, {
            'x-forwarded-for': '198.51.100.7',
            forwarded: 'for=_x',
          });
          // Not from the proxy: a client's own headers say nothing of it.
          await attempt(target, ALICE.name, 'x', '198.51.100.8', { forwarded: 'for=198.51.100.7' });
          assert.deepEqual(warnings, []);
          await attempt(target, ALICE.name, 'x', PROXY, { forwarded: 'for=198.51.100.7' });
          await attempt(target, ALICE.name, 'x', PROXY, { forwarded: 'for=198.51.100.9' });
          assert.equal(warnings.length, 1, 'said once');
          assert.equal(
            warnings[0],
            'review: a request from the proxy 10.0.0.1 came with Forwarded but no X-Forwarded-For ' +
              '(REVIEW_PROXY_HEADER=x-forwarded-for), so every client behind it counts as the proxy for ' +
              'the login limits. If the proxy writes Forwarded, set REVIEW_PROXY_HEADER=forwarded.',
          );
        } finally {
          target.close();
        }
      });

      it('takes the host the proxy says the browser asked for as this page’s, against Origin', async () => {
        // A proxy that sends the page its own upstream address as Host, from a browser on review.example.
        const browser = {
          host: '127.0.0.1:8080',
          origin: 'https://review.example',
          'sec-fetch-site': 'same-origin',
        };
        const login = (target: ReviewApp, peer: string, headers: Record<string, string>) =>
          attempt(target, ALICE.name, ALICE.token, peer, { ...browser, ...headers }).then(
            (r) => r.res.status,
          );
        assert.equal(await login(proxied, PROXY, {}), 403, 'without the proxy saying the host');
        const proxySays: Record<string, string>[] = [
          { 'x-forwarded-host': 'review.example' },
          { forwarded: 'for=198.51.100.7;host=review.example;proto=https' },
        ];
        for (const said of proxySays) {
          const why = JSON.stringify(said);
          assert.equal(await login(proxied, PROXY, said), 303, why);
          assert.equal(await login(proxied, '198.51.100.7', said), 403, `not from a client: ${why}`);
          assert.equal(await login(app, PROXY, said), 403, `not with the setting unset: ${why}`);
        }
        // Only the element the proxy wrote counts, not one the client wrote on its left.
        const left = { forwarded: 'host=review.example, for=198.51.100.7;host=127.0.0.1:8080' };
        assert.equal(await login(proxied, PROXY, left), 403);
        // A proxy that passes Host on needs neither header, as before.
        assert.equal(await login(proxied, PROXY, { host: 'review.example' }), 303);
        // The host a proxy says is compared as Host is: its default port written out is no other port.
        const sameHost: Record<string, string>[] = [
          { 'x-forwarded-host': 'review.example:443' },
          { forwarded: 'for=198.51.100.7;host="Review.Example:443"' },
        ];
        for (const said of sameHost) {
          assert.equal(await login(proxied, PROXY, said), 303, JSON.stringify(said));
        }
        const otherPort: Record<string, string>[] = [
          { 'x-forwarded-host': 'review.example:8443' },
          { forwarded: 'for=198.51.100.7;host="review.example:80"' },
        ];
        for (const said of otherPort) {
          assert.equal(await login(proxied, PROXY, said), 403, JSON.stringify(said));
        }
      });

      it('marks the cookies Secure when the proxy says https in Forwarded, and only then', async () => {
        const https = { forwarded: 'for=198.51.100.7;proto=https' };
        const secure = await attempt(proxied, ALICE.name, ALICE.token, PROXY, https);
        assert.equal(secure.res.status, 303);
        assert.match(secure.loginCookie?.attrs ?? '', /Secure/);
        assert.match(setCookie(secure.res, 'review_session')?.attrs ?? '', /Secure/);
        // Claimed by a client that is not the proxy; the setting unset; written by the client left of
        // the proxy's element.
        for (const [target, peer, forwarded] of [
          [proxied, '198.51.100.7', https.forwarded],
          [app, PROXY, https.forwarded],
          [proxied, PROXY, 'proto=https, for=198.51.100.7;proto=http'],
        ] as const) {
          const plain = await attempt(target, ALICE.name, ALICE.token, peer, { forwarded });
          assert.equal(plain.res.status, 303);
          const why = `${target === app ? 'unset' : 'set'}, from ${peer}, ${forwarded}`;
          assert.doesNotMatch(plain.loginCookie?.attrs ?? '', /Secure/, why);
          assert.doesNotMatch(setCookie(plain.res, 'review_session')?.attrs ?? '', /Secure/, why);
        }
      });
    });

    it('rejects forged and expired sessions', async () => {
      const { cookie } = await login(app);
      const [payload = '', mac = ''] = cookie.slice('review_session='.length).split('.');
      const forgedPayload = Buffer.from(JSON.stringify({ m: 'root', s: 'x', e: 9e15 })).toString('base64url');
      for (const bad of [`${forgedPayload}.${mac}`, `${payload}.${mac.slice(1)}x`, 'garbage']) {
        assert.equal((await app.request('/', { headers: { cookie: `review_session=${bad}` } })).status, 302);
      }
      fx.clock.now = new Date(fx.clock.now.getTime() + 13 * 3_600_000);
      assert.equal((await app.request('/', { headers: { cookie } })).status, 302);
    });

    it('logs out: the old cookie stops working; logout itself needs the CSRF token', async () => {
      const { cookie, csrf } = await login(app);
      const noToken = await app.request('/logout', {
        method: 'POST',
        headers: { ...FORM, cookie },
        body: '',
      });
      assert.equal(noToken.status, 403);
      assert.equal(
        await noToken.text(),
        'Missing or wrong CSRF token.\nرمز الحماية من تزوير الطلبات (CSRF) مفقود أو غير صحيح.\n',
      );
      assert.equal((await app.request('/', { headers: { cookie } })).status, 200);
      const res = await app.request('/logout', {
        method: 'POST',
        headers: { ...FORM, cookie },
        body: form({ _csrf: csrf }),
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/login');
      assert.equal((await app.request('/', { headers: { cookie } })).status, 302);
      // Still logged out after the review page restarts.
      const again = createReviewServer({ log: fx.log, config: fx.config, now: () => fx.clock.now });
      try {
        assert.equal((await again.request('/', { headers: { cookie } })).status, 302);
        assert.equal(
          (await again.request('/', { headers: { cookie: (await login(again)).cookie } })).status,
          200,
        );
      } finally {
        again.close();
      }
    });

    it('ends the sessions opened with a token once the moderator is given a new one', async () => {
      const alice = await login(app, ALICE);
      const bob = await login(app, BOB);
      const config = loadConfig({
        STATE_DIR: fx.dir,
        REVIEW_SESSION_SECRET: 's'.repeat(32),
        REVIEW_MODERATORS: `${ALICE.name}:a-brand-new-token,${BOB.name}:${BOB.token}`,
      });
      const rotated = createReviewServer({ log: fx.log, config, now: () => fx.clock.now });
      try {
        assert.equal((await rotated.request('/', { headers: { cookie: alice.cookie } })).status, 302);
        assert.equal((await rotated.request('/', { headers: { cookie: bob.cookie } })).status, 200);
      } finally {
        rotated.close();
      }
    });

    it('refuses to start without moderators, naming REVIEW_MODERATORS', () => {
      assert.throws(
        () => createReviewServer({ log: fx.log, config: { ...fx.config, REVIEW_MODERATORS: undefined } }),
        (err: Error) => err instanceof ReviewConfigError && /REVIEW_MODERATORS/.test(err.message),
      );
      assert.throws(
        () => createReviewServer({ log: fx.log, config: { ...fx.config, REVIEW_MODERATORS: 'alice:short' } }),
        /at least 8 characters/,
      );
    });

    it('keeps a generated session secret in STATE_DIR, readable only by its owner', () => {
      const fx2 = fixture();
      const app2 = createReviewServer({ log: fx2.log, config: fx2.config });
      try {
        const file = path.join(fx2.dir, 'review-session-secret');
        assert.equal(fs.statSync(file).mode & 0o777, 0o600);
        assert.ok(fs.readFileSync(file, 'utf8').trim().length >= 32);
      } finally {
        app2.close();
        fx2.cleanup();
      }
    });
  });

  describe('CSRF', () => {
    const post = (cookie: string, body: Record<string, string>, headers: Record<string, string> = {}) =>
      app.request('/answers/2/review', {
        method: 'POST',
        headers: { ...FORM, cookie, ...headers },
        body: form(body),
      });

    it('refuses a missing, wrong or other session’s token with 403 and changes nothing', async () => {
      const alice = await login(app);
      const bob = await login(app, BOB);
      for (const token of [undefined, '', 'wrong', bob.csrf]) {
        const body: Record<string, string> = { state: 'incorrect', note: 'x' };
        if (token !== undefined) body._csrf = token;
        assert.equal((await post(alice.cookie, body)).status, 403, `token ${token}`);
      }
      assert.equal(fx.log.get(2)?.reviewState, 'unreviewed');
      assert.deepEqual(fx.log.reviewEvents(2), []);
    });

    it('refuses a post too large to be a form, saying so in both languages', async () => {
      const res = await app.request('/login', {
        method: 'POST',
        headers: FORM,
        body: form({ name: ALICE.name, token: 'x'.repeat(70 * 1024) }),
      });
      assert.equal(res.status, 413);
      assert.equal(await res.text(), 'Request too large.\nالطلب أكبر من المسموح به.\n');
    });

    it('refuses cross-origin posts even with a valid token', async () => {
      const { cookie, csrf } = await login(app);
      const body = { _csrf: csrf, state: 'incorrect' };
      const refused = await post(cookie, body, { origin: 'http://evil.example' });
      assert.equal(refused.status, 403);
      // Said as plain text in both languages, as is the same refusal of a login form.
      const crossSite = 'Cross-site request refused.\nرُفض الطلب لأنه آتٍ من موقع آخر.\n';
      assert.equal(await refused.text(), crossSite);
      assert.equal(refused.headers.get('content-type'), 'text/plain; charset=UTF-8');
      const loginRefused = await app.request('/login', {
        method: 'POST',
        headers: { ...FORM, origin: 'http://evil.example' },
        body: form({ name: ALICE.name, token: ALICE.token }),
      });
      assert.equal(loginRefused.status, 403);
      assert.equal(await loginRefused.text(), crossSite);
      assert.equal((await post(cookie, body, { origin: 'null' })).status, 403);
      assert.equal((await post(cookie, body, { 'sec-fetch-site': 'cross-site' })).status, 403);
      assert.equal((await post(cookie, body, { 'sec-fetch-site': 'same-site' })).status, 403);
      assert.equal(fx.log.get(2)?.reviewState, 'unreviewed');
      // The same request from the page itself goes through.
      const ok = await post(cookie, body, { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' });
      assert.equal(ok.status, 303);
      assert.equal(fx.log.get(2)?.reviewState, 'incorrect');
    });

    it('compares Origin with Host as browsers compare origins: default ports, case, IPv6 spellings', async () => {
      const { cookie, csrf } = await login(app);
      const status = async (origin: string, host: string) =>
        (await post(cookie, { _csrf: csrf, state: 'incorrect' }, { origin, host })).status;
      const same: [origin: string, host: string][] = [
        ['https://review.example', 'review.example:443'],
        ['http://review.example', 'review.example:80'],
        ['https://review.example:443', 'review.example'],
        ['https://review.example', 'Review.Example'],
        ['http://[2001:db8::1]:8080', '[2001:DB8:0::1]:8080'],
      ];
      for (const [origin, host] of same) assert.equal(await status(origin, host), 303, `${origin} ${host}`);
      const other: [origin: string, host: string][] = [
        ['https://review.example', 'review.example:8443'],
        ['https://review.example', 'review.example:80'],
        ['http://review.example', 'review.example:443'],
        ['https://review.example:8443', 'review.example'],
        ['https://evil.example', 'review.example'],
        ['http://[2001:db8::1]:8080', '[2001:db8::2]:8080'],
      ];
      for (const [origin, host] of other) assert.equal(await status(origin, host), 403, `${origin} ${host}`);
    });
  });

  describe('queue filters', () => {
    let cookie: string;
    beforeEach(async () => {
      ({ cookie } = await login(app));
    });
    const ids = async (query: string) => {
      const res = await app.request(`/${query}`, { headers: { cookie } });
      assert.equal(res.status, 200, query);
      return idsIn(await res.text());
    };

    const cases: [string, number[]][] = [
      ['', [5, 4, 3, 2, 1]],
      ['?feedback=down', [3, 2]],
      ['?feedback=up', [1]],
      ['?feedback=none', [5, 4]],
      ['?abstained=1', [3]],
      ['?abstained=0', [5, 4, 2, 1]],
      ['?maxScore=0.4', [5, 3, 2]],
      ['?maxScore=0.05', [5, 3]],
      ['?lang=ar', [4, 2]],
      ['?lang=en', [5, 3, 1]],
      ['?from=2024-06-03', [5, 4, 3]],
      ['?to=2024-06-02', [2, 1]],
      ['?from=2024-06-04&to=2024-06-04', [4]],
      ['?state=unreviewed', [5, 3, 2]],
      ['?state=correct', [1]],
      ['?state=incorrect', [4]],
      ['?state=article_missing', []],
      ['?q=rockets', [1]],
      ['?q=rocket', [1]],
      ['?q=' + encodeURIComponent('صاروخ'), []],
      ['?q=' + encodeURIComponent('صواري'), [2]],
      ['?q=' + encodeURIComponent('صواريخ'), [2]],
      ['?q=' + encodeURIComponent('football match'), [3]],
      ['?q=' + encodeURIComponent('"rockets OR drone* NEAR('), []],
      ['?lang=ar&feedback=down', [2]],
      ['?feedback=&lang=&q=', [5, 4, 3, 2, 1]],
    ];
    for (const [query, expected] of cases) {
      it(`${query || 'no filter'} → ${JSON.stringify(expected)}`, async () => {
        assert.deepEqual(await ids(query), expected);
      });
    }

    it('finds the answers Telegram did not deliver, or those it did, on the page and in exports', async () => {
      fx.log.markUndelivered(2, 'Forbidden: bot was blocked by the user');
      fx.log.markUndelivered(3, 'Forbidden: bot was kicked from the group chat');
      assert.deepEqual(await ids('?undelivered=1'), [3, 2]);
      assert.deepEqual(await ids('?undelivered=0'), [5, 4, 1]);
      assert.deepEqual(await ids('?undelivered=1&lang=ar'), [2]);
      const page = await (await app.request('/?undelivered=1', { headers: { cookie } })).text();
      // The choice stays selected, and the exports and the 👎 link keep it.
      assert.match(
        page,
        /<select name="undelivered">\s*<option value=""\s*>[^<]*<\/option><option value="1"\s+selected>yes/,
      );
      assert.match(page, /Not delivered <span class="ar" lang="ar" dir="rtl">لم تُسلَّم<\/span><select/);
      assert.match(page, /href="\/export\.csv\?undelivered=1"/);
      assert.match(page, /href="\/\?feedback=down&amp;undelivered=1"/);
      const csv = await (await app.request('/export.csv?undelivered=1', { headers: { cookie } })).text();
      const [header = [], ...rows] = parseCsv(csv.replace(/^\uFEFF/, ''));
      assert.deepEqual(
        rows.map((r) => [r[0], r[header.indexOf('undelivered')]]),
        [
          ['3', 'Forbidden: bot was kicked from the group chat'],
          ['2', 'Forbidden: bot was blocked by the user'],
        ],
      );
      const jsonl = await (await app.request('/export.jsonl?undelivered=0', { headers: { cookie } })).text();
      assert.deepEqual(
        jsonl
          .trimEnd()
          .split('\n')
          .map((l) => (JSON.parse(l) as { id: number }).id),
        [5, 4, 1],
      );
      const bad = await app.request('/?undelivered=maybe', { headers: { cookie } });
      assert.equal(bad.status, 400);
      assert.deepEqual(alertIn(await bad.text()), {
        en: 'Bad filter: undelivered: must be 1 or 0',
        ar: 'عامل تصفية غير صالح: \u2066undelivered\u2069: يجب أن تكون \u20661\u2069 أو \u20660\u2069',
      });
    });

    it('answers bad filter values with 400 and a message naming the parameter', async () => {
      for (const [query, word] of [
        ['?feedback=sideways', 'feedback'],
        ['?abstained=maybe', 'abstained'],
        ['?maxScore=low', 'maxScore'],
        ['?lang=fr', 'lang'],
        ['?from=2024-13-01', 'from'],
        ['?to=yesterday', 'to'],
        ['?from=2024-06-05&to=2024-06-01', 'from'],
        ['?state=done', 'state'],
        ['?page=0', 'page'],
        ['?feedbak=down', 'feedbak'],
      ] as const) {
        const res = await app.request(`/${query}`, { headers: { cookie } });
        assert.equal(res.status, 400, query);
        const page = await res.text();
        assert.match(page, new RegExp(`Bad filter: [^<]*${word}`), query);
        // In Arabic too, in Arabic words, with the parameter's name (and the values it takes) as the
        // URL writes them, each set apart left-to-right.
        const { ar = '' } = alertIn(page);
        assert.match(ar, /^عامل تصفية غير صالح: /, query);
        assert.ok(ar.includes(`\u2066${word}\u2069`), `${query}: ${ar}`);
        const outside = ar.replace(/\u2066[^\u2069]*\u2069/g, '');
        assert.doesNotMatch(outside, /[A-Za-z]/, `${query}: ${ar}`);
        assert.match(outside, /[\u0621-\u064a]{2}.*[\u0621-\u064a]{2}/, `${query}: ${ar}`);
      }
      const said = async (query: string) =>
        alertIn(await (await app.request(`/${query}`, { headers: { cookie } })).text());
      assert.deepEqual(await said('?feedback=sideways'), {
        en: 'Bad filter: feedback: must be down, up or none',
        ar: 'عامل تصفية غير صالح: \u2066feedback\u2069: يجب أن تكون \u2066down\u2069 أو \u2066up\u2069 أو \u2066none\u2069',
      });
      // A date not written as one is said to be that, once, not also to be no real date.
      assert.deepEqual(await said('?to=yesterday'), {
        en: 'Bad filter: to: use a date as YYYY-MM-DD',
        ar: 'عامل تصفية غير صالح: \u2066to\u2069: اكتب التاريخ بالصيغة \u2066YYYY-MM-DD\u2069',
      });
      assert.deepEqual(await said('?feedback=x&lang=fr'), {
        en: 'Bad filter: feedback: must be down, up or none; lang: must be ar or en',
        ar:
          'عامل تصفية غير صالح: \u2066feedback\u2069: يجب أن تكون \u2066down\u2069 أو \u2066up\u2069 أو ' +
          '\u2066none\u2069؛ \u2066lang\u2069: يجب أن تكون \u2066ar\u2069 أو \u2066en\u2069',
      });
      // The same refusal of an export, as plain text: its English line and its Arabic line.
      const exported = await app.request('/export.csv?from=2024-06-05&to=2024-06-01', {
        headers: { cookie },
      });
      assert.equal(exported.status, 400);
      assert.equal(
        await exported.text(),
        'Bad filter: from: "from" is after "to"\n' +
          'عامل تصفية غير صالح: \u2066from\u2069: تاريخ \u2066from\u2069 بعد تاريخ \u2066to\u2069\n',
      );
      // The filters that were good stay set, so the moderator only corrects the bad one.
      const kept = await (
        await app.request('/?lang=ar&feedback=down&q=الميادين&from=2024-06-05&to=2024-06-01', {
          headers: { cookie },
        })
      ).text();
      assert.match(kept, /Bad filter: from/);
      assert.match(kept, /<option value="ar"\s+selected>/);
      assert.match(kept, /name="q" type="search" value="الميادين"/);
    });

    it('labels every choice of the filters in both languages', async () => {
      const page = await (await app.request('/?state=incorrect', { headers: { cookie } })).text();
      const options = [...page.matchAll(/<option value="([^"]*)"\s*(selected)?>([^<]*)<\/option>/g)].map(
        (m) => ({ value: m[1], selected: m[2] !== undefined, label: unescapeHtml(m[3] ?? '') }),
      );
      assert.equal(
        options.length,
        4 + 3 + 3 + 3 + 5 + 2,
        'feedback, abstained, language, delivery, review, order',
      );
      for (const o of options) {
        assert.match(o.label, /^(?:[\x20-\x7e]|👍|👎)+ \/ \u2067[\u0600-\u06ff ]+\u2069$/u, o.label);
      }
      const label = (value: string) => options.filter((o) => o.value === value).map((o) => o.label);
      assert.deepEqual(label('down'), ['👎 down / \u2067سلبي\u2069']);
      assert.deepEqual(label('none'), ['none / \u2067بلا تقييم\u2069']);
      assert.deepEqual(label(''), [
        ...Array<string>(5).fill('any / \u2067الكل\u2069'),
        'newest first / \u2067الأحدث أولًا\u2069',
      ]);
      assert.deepEqual(label('oldest'), ['oldest first / \u2067الأقدم أولًا\u2069']);
      assert.deepEqual(label('ar'), ['Arabic / \u2067العربية\u2069']);
      assert.deepEqual(
        options.filter((o) => o.selected).map((o) => o.label),
        ['Incorrect / \u2067خاطئة\u2069'],
      );
      assert.match(page, /aria-label="Filters \/ \u2067عوامل التصفية\u2069"/);
    });

    it('says in words what its 👎 and 👍 mean, for a browser without an emoji font', async () => {
      const page = await (await app.request('/', { headers: { cookie } })).text();
      const uses = [...page.matchAll(/(👎|👍)([^<]*)/g)];
      assert.ok(uses.length >= 4, 'the filter link, the filter choices and the rows');
      for (const [use, , after = ''] of uses) assert.match(after, /^ [A-Za-z]+/, use);
      assert.match(
        page,
        />👎 Rated down only <span class="ar" lang="ar" dir="rtl">المقيَّمة سلبيًا فقط<\/span><\/a/,
      );
    });

    it('says why the queue is empty, keeps the filters on the 👎 link, and clips long questions', async () => {
      const past = await (await app.request('/?page=9', { headers: { cookie } })).text();
      assert.match(past, /No answers on this page/);
      assert.match(past, /href="\/">First page/);
      const none = await (await app.request('/?q=nothingmatches', { headers: { cookie } })).text();
      assert.match(none, /No answers match these filters/);
      assert.match(none, /href="\/\?feedback=down&amp;q=nothingmatches"/);
      const long = 'Which base was hit? '.repeat(20);
      fx.log.record(entry(fx.log, { createdAt: fx.clock.now, question: long }));
      const page = await (await app.request('/', { headers: { cookie } })).text();
      assert.ok(page.includes(`${long.slice(0, 200)}…</a>`));
      assert.ok(!page.includes(long));
    });

    it('shows each row’s question, the start of its answer, feedback and review state', async () => {
      const page = await (await app.request('/', { headers: { cookie } })).text();
      assert.match(page, /Which base was hit by eight rockets\?/);
      assert.match(page, /Eight rockets hit the coalition base/);
      assert.match(page, /👎 down/);
      assert.match(page, /state-correct/);
      assert.match(page, /<a href="\/answers\/2" dir="rtl" lang="ar">ما القاعدة/);
    });

    it('pages 50 at a time, newest first, keeping the filters in the links', async () => {
      for (let i = 0; i < 60; i++) {
        fx.log.record({
          createdAt: new Date(Date.UTC(2024, 6, 1, 0, i)),
          chatType: 'private',
          chatHash: null,
          userHash: 'u',
          language: 'en',
          question: `bulk question ${i}`,
          answerText: 'bulk',
          abstained: false,
          topScore: 0.9,
          embedderId: 'e',
          indexVersion: 'v',
          latencyMs: 1,
          citations: [],
        });
      }
      const first = await (await app.request('/?lang=en', { headers: { cookie } })).text();
      const ids1 = idsIn(first);
      assert.equal(ids1.length, 50);
      assert.equal(ids1[0], 65);
      assert.match(first, /href="\/\?lang=en&amp;page=2" rel="next"/);
      const second = await (await app.request('/?lang=en&page=2', { headers: { cookie } })).text();
      assert.deepEqual(idsIn(second), [15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 3, 1]);
      assert.doesNotMatch(second, /rel="next"/);
      assert.match(second, /href="\/\?lang=en" rel="prev"/);
    });

    it('reads the answers of one chat in order, from any of its answers, a group become supergroup too', async () => {
      const at = (d: number) => new Date(Date.UTC(2024, 5, d, 12));
      // #6 and #7 in another private chat; #8 in a group that became the supergroup of #9.
      fx.log.record(entry(fx.log, { createdAt: at(6), chatHash: fx.log.hashChat(2), question: 'first' }));
      fx.log.record(entry(fx.log, { createdAt: at(7), chatHash: fx.log.hashChat(2), question: 'then' }));
      fx.log.record(entry(fx.log, { createdAt: at(8), chatType: 'group', chatHash: fx.log.hashChat(-3) }));
      fx.log.noteChatMigration(-3, -1003);
      fx.log.record(
        entry(fx.log, { createdAt: at(9), chatType: 'supergroup', chatHash: fx.log.hashChat(-1003) }),
      );
      const get = async (path: string) => (await app.request(path, { headers: { cookie } })).text();
      const detail = await get('/answers/7');
      const link = unescapeHtml(/<a href="([^"]*)" class="chat-answers"/.exec(detail)?.[1] ?? '');
      assert.equal(link, '/?chat=7&order=oldest');
      assert.match(
        detail,
        /This chat’s answers, oldest first <span class="ar" lang="ar" dir="rtl">إجابات هذه المحادثة، الأقدم أولًا/,
      );
      const queue = await get(link);
      assert.deepEqual(idsIn(queue), [6, 7]);
      // The page says whose chat it shows, and the filters' form and the links keep it.
      assert.match(queue, /Only the answers of one chat: that of answer #7\./);
      assert.match(queue, /<input type="hidden" name="chat" value="7" \/>/);
      assert.match(queue, /href="\/answers\/6\?chat=7&amp;order=oldest"/);
      assert.deepEqual(idsIn(await get('/?chat=6')), [7, 6]);
      assert.deepEqual(idsIn(await get('/?chat=1&lang=ar')), [4, 2]);
      assert.deepEqual(idsIn(await get('/?chat=8&order=oldest')), [8, 9]);
      assert.deepEqual(idsIn(await get('/?chat=9')), [9, 8]);
      assert.deepEqual(idsIn(await get('/?chat=999')), []);
      const next = /<a href="([^"]*)" rel="next"/.exec(await get('/answers/6?chat=6&order=oldest'))?.[1];
      assert.equal(unescapeHtml(next ?? ''), '/answers/7?chat=6&order=oldest');
      const csv = await get('/export.csv?chat=7');
      assert.deepEqual(
        parseCsv(csv.replace(/^\uFEFF/, ''))
          .slice(1)
          .map((r) => r[0]),
        ['7', '6'],
      );
      const bad = await app.request('/?chat=seven', { headers: { cookie } });
      assert.equal(bad.status, 400);
      assert.match(alertIn(await bad.text()).en, /chat: must be an answer’s number/);
    });

    it('goes to the oldest answers in one step, oldest first, and back to the newest', async () => {
      for (let i = 0; i < 60; i++) {
        fx.log.record(
          entry(fx.log, { createdAt: new Date(Date.UTC(2024, 6, 1, 0, i)), question: `bulk ${i}` }),
        );
      }
      // 63 English answers: the first page of the newest links to the other end, not only to page 2.
      const first = await (await app.request('/?lang=en', { headers: { cookie } })).text();
      const link = (page: string, rel: string) =>
        unescapeHtml(new RegExp(`<a href="([^"]*)" rel="${rel}"\\s*>`).exec(page)?.[1] ?? '');
      assert.equal(link(first, 'last'), '/?lang=en&order=oldest');
      assert.match(first, /rel="last">Oldest <span class="ar" lang="ar" dir="rtl">الأقدم<\/span> ⇥/);
      assert.equal(link(first, 'first'), '', 'the first page has no link to itself');
      const oldest = await (await app.request(link(first, 'last'), { headers: { cookie } })).text();
      // Seed answers 1, 3, 5 are the oldest English ones, then the bulk from #6 on.
      assert.deepEqual(idsIn(oldest).slice(0, 5), [1, 3, 5, 6, 7]);
      assert.equal(idsIn(oldest).length, 50);
      assert.match(
        oldest,
        /Answers, oldest first <span class="ar" lang="ar" dir="rtl">الإجابات، الأقدم أولًا/,
      );
      assert.match(
        oldest,
        /<select name="order">\s*<option value=""\s*>[^<]*<\/option><option value="oldest"\s+selected>/,
      );
      // Its answers' links, the exports and the next page keep the order; its far end is the newest.
      assert.match(oldest, /href="\/answers\/1\?lang=en&amp;order=oldest"/);
      assert.match(oldest, /href="\/export\.csv\?lang=en&amp;order=oldest"/);
      assert.equal(link(oldest, 'next'), '/?lang=en&order=oldest&page=2');
      assert.equal(link(oldest, 'last'), '/?lang=en');
      const second = await (await app.request(link(oldest, 'next'), { headers: { cookie } })).text();
      // 63 English answers: 50, then 13.
      assert.deepEqual(idsIn(second), [53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65]);
      assert.equal(link(second, 'first'), '/?lang=en&order=oldest');
      assert.equal(link(second, 'prev'), '/?lang=en&order=oldest');
      assert.match(second, /rel="prev">← Older/);
      // Next answer, oldest first, is the next newer one.
      const detail = await (await app.request('/answers/3?order=oldest', { headers: { cookie } })).text();
      assert.equal(link(detail, 'next'), '/answers/4?order=oldest');
      const csv = await (
        await app.request('/export.csv?order=oldest&lang=ar', { headers: { cookie } })
      ).text();
      assert.deepEqual(
        parseCsv(csv.replace(/^\uFEFF/, ''))
          .slice(1)
          .map((r) => r[0]),
        ['2', '4'],
      );
      // "newest" is the default, and said so in no link; anything else is a bad filter.
      assert.deepEqual(
        idsIn(await (await app.request('/?order=newest', { headers: { cookie } })).text()).slice(0, 2),
        [65, 64],
      );
      const bad = await app.request('/?order=random', { headers: { cookie } });
      assert.equal(bad.status, 400);
      assert.match(alertIn(await bad.text()).en, /order: must be newest or oldest/);
    });
  });

  describe('detail view', () => {
    let cookie: string;
    beforeEach(async () => {
      ({ cookie } = await login(app));
    });

    it('shows the question, the answer as sent, scores, embedder, index version and latency', async () => {
      const res = await app.request('/answers/2', { headers: { cookie } });
      assert.equal(res.status, 200);
      const page = await res.text();
      assert.match(
        page,
        /<div class="box question" dir="rtl" lang="ar">ما القاعدة التي استهدفت بثمانية صواريخ؟<\/div>/,
      );
      assert.match(
        page,
        /<pre class="answer" dir="rtl" lang="ar">استهدفت ثمانية صواريخ محيط قاعدة التحالف في حقل العمر \[1\]\.<\/pre>/,
      );
      assert.match(page, /0\.350/);
      assert.match(page, /0\.710/);
      assert.match(page, /lexical-384/);
      assert.match(page, /gen-20240101/);
      assert.match(page, /42\.5 ms/);
      assert.doesNotMatch(page, /class="follows"/);
    });

    it('links to the next answer of the queue’s view, with its filters, focused once a review is saved', async () => {
      const next = async (path: string) => {
        const page = await (await app.request(path, { headers: { cookie } })).text();
        return /<a href="([^"]*)" rel="next"\s*(autofocus)?/.exec(page)?.slice(1) ?? null;
      };
      assert.deepEqual(await next('/answers/4'), ['/answers/3', undefined]);
      assert.deepEqual(await next('/answers/4?lang=ar'), ['/answers/2?lang=ar', undefined]);
      assert.deepEqual(await next('/answers/1'), null, 'the oldest answer is the last');
      // #4 (bob's) is not in the unreviewed view: its next is still the one after it there, and
      // once #2 is reviewed, #3 has none (#1 is bob's too).
      assert.deepEqual(await next('/answers/4?state=unreviewed&saved=1'), [
        '/answers/3?state=unreviewed',
        'autofocus',
      ]);
      fx.log.setReview(2, 'alice', 'correct', null);
      assert.deepEqual(await next('/answers/3?state=unreviewed'), null);
      // Answers of one moment are ordered by id, as in the queue.
      for (let i = 0; i < 2; i++) fx.log.record(entry(fx.log, { createdAt: fx.clock.now }));
      assert.deepEqual(await next('/answers/7'), ['/answers/6', undefined]);
      assert.deepEqual(await next('/answers/6'), ['/answers/5', undefined]);
      const last = await (await app.request('/answers/1', { headers: { cookie } })).text();
      assert.match(
        last,
        /Last answer of this view <span class="ar" lang="ar" dir="rtl">آخر إجابة في هذا العرض/,
      );
    });

    it('gives the rating a user gave, and whether it abstained, in both languages', async () => {
      const ar = (text: string) => `<span class="ar" lang="ar" dir="rtl">${text}</span>`;
      const down = `<span class="fb-down">👎 down ${ar('سلبي')}</span>`;
      const up = `<span class="fb-up">👍 up ${ar('إيجابي')}</span>`;
      const detail = async (id: number) =>
        (await app.request(`/answers/${id}`, { headers: { cookie } })).text();
      assert.ok((await detail(2)).includes(down));
      assert.ok((await detail(2)).includes(`<dd>no ${ar('لا')}</dd>`));
      assert.ok((await detail(1)).includes(up));
      assert.ok((await detail(3)).includes(`<dd>yes ${ar('نعم')}</dd>`));
      const queue = await (await app.request('/', { headers: { cookie } })).text();
      assert.ok(queue.includes(`<td>${down}</td>`));
      assert.ok(queue.includes(`<td>${up}</td>`));
    });

    it('says a rating was changed, from what and when that one was given, in both languages', async () => {
      const detail = async (id: number) =>
        (await app.request(`/answers/${id}`, { headers: { cookie } })).text();
      assert.doesNotMatch(await detail(2), /feedback-was|Changed from/, 'rated once');
      fx.clock.now = new Date('2024-06-10T12:30:00.000Z');
      fx.log.setFeedback(2, fx.log.hashUser(1), 'up');
      const page = await detail(2);
      assert.ok(
        page.includes(
          '<span class="fb-up">👍 up <span class="ar" lang="ar" dir="rtl">إيجابي</span></span> <span class="muted">2024-06-10 12:30:00Z</span>',
        ),
        'the rating now',
      );
      assert.ok(
        page.includes(
          'Changed from 👎 down, given 2024-06-10 12:00:00Z <span class="ar" lang="ar" dir="rtl">غُيِّر من تقييم سلبي أُعطي في \u20662024-06-10 12:00:00Z\u2069</span>',
        ),
        'the rating it replaced',
      );
      assert.deepEqual(arabicNotMarked(page), []);
      // The exports keep it too, in the CSV's last columns and as feedbackWas(At) in JSONL.
      const { header, cell, lines } = await bothExports(app, cookie);
      assert.deepEqual(header.slice(-2), ['feedback_was', 'feedback_was_at'], 'new columns go last');
      assert.deepEqual(
        [2, 1].map((id) => [cell(id, 'feedback'), cell(id, 'feedback_was'), cell(id, 'feedback_was_at')]),
        [
          ['up', 'down', '2024-06-10T12:00:00.000Z'],
          ['up', '', ''],
        ],
      );
      assert.deepEqual(
        lines.filter((l) => l.id === 2 || l.id === 1).map((l) => [l.id, l.feedbackWas, l.feedbackWasAt]),
        [
          [2, 'down', '2024-06-10T12:00:00.000Z'],
          [1, null, null],
        ],
      );
    });

    it('names the language, the kind of chat and how precisely a date is known in both languages', async () => {
      const ar = (text: string) => `<span class="ar" lang="ar" dir="rtl">${text}</span>`;
      const detail = async (id: number) =>
        (await app.request(`/answers/${id}`, { headers: { cookie } })).text();
      const two = await detail(2);
      assert.ok(two.includes(`<dd>Arabic ${ar('العربية')}</dd>`), two);
      assert.ok(two.includes(`<dd>private chat ${ar('محادثة خاصة')}</dd>`), two);
      assert.match(
        two,
        new RegExp(`2022-01-05\\s*<span class="muted"\\s*>\\(to the day ${ar('باليوم')}\\)</span\\s*>`),
      );
      assert.ok((await detail(1)).includes(`<dd>English ${ar('الإنجليزية')}</dd>`));
      // A group's question; a kind of chat Telegram may add later is shown as logged.
      const group = fx.log.record(entry(fx.log, { chatType: 'supergroup' }));
      assert.ok((await detail(group)).includes(`<dd>supergroup ${ar('مجموعة كبرى')}</dd>`));
      const later = fx.log.record(entry(fx.log, { chatType: 'forum' }));
      assert.ok((await detail(later)).includes(`<dd>forum</dd>`));
      // The queue names each row's language the same way.
      const queue = await (await app.request('/?lang=ar', { headers: { cookie } })).text();
      assert.ok(queue.includes(`<td>Arabic ${ar('العربية')}</td>`), queue);
      assert.doesNotMatch(queue, /<td>ar<\/td>/);
    });

    it('marks every Arabic text as Arabic, for screen readers and fonts, though the page is lang="en"', async () => {
      // A note in Arabic (with English in it), and one in English, in the audit trail and the form.
      fx.log.setReview(2, 'alice', 'incorrect', 'الإجابة تخلط بين القاعدتين — mixes up the two bases');
      fx.log.setReview(3, 'alice', 'correct', 'Right to abstain.');
      const get = async (url: string) => (await app.request(url, { headers: { cookie } })).text();
      for (const url of ['/', '/?feedback=sideways', '/answers/2', '/answers/3', '/answers/4', '/nope']) {
        const page = await get(url);
        assert.match(page, /<html lang="en">/, url);
        assert.deepEqual(arabicNotMarked(page), [], url);
      }
      assert.deepEqual(arabicNotMarked(await (await app.request('/login')).text()), []);
      // An English answer quoting an Arabic passage (isolated by the bot), a place named in Arabic in an
      // English question: the Arabic is marked, on the answer's page and in the queue, text unchanged.
      const quoted = '\u2067استهدفت ثمانية صواريخ محيط قاعدة التحالف، وفق مصادر\u2069';
      const mixed = fx.log.record(
        entry(fx.log, {
          question: 'What happened at حقل العمر?',
          answerText: `Per Deir Ezzor 24: «${quoted}» [1]`,
        }),
      );
      for (const url of [`/answers/${mixed}`, '/?lang=en']) {
        const page = await get(url);
        assert.deepEqual(arabicNotMarked(page), [], url);
        assert.ok(page.includes('What happened at <span lang="ar" dir="rtl">حقل العمر</span>?'), url);
      }
      assert.ok(
        (await get(`/answers/${mixed}`)).includes(
          `<pre class="answer" dir="ltr" lang="en">Per Deir Ezzor 24: «\u2067<span lang="ar" dir="rtl">${quoted.slice(1, -1)}</span>\u2069» [1]</pre>`,
        ),
        'the quoted passage is marked, between the isolates the bot put around it',
      );
      // An English note, or an article's passage, is not called Arabic.
      const three = await get('/answers/3');
      assert.match(three, /<p class="review-note" dir="auto" lang="en">Right to abstain\.<\/p>/);
      assert.match(three, /<div class="article" dir="auto" lang="ar">/);
    });

    it('marks the Arabic in a long English answer quickly, however its spaces and punctuation run', async () => {
      // Many quoted passages, then an Arabic word followed by a long run of spaces and dots before
      // English (the run ends at its last Arabic letter), then Arabic words and commas alternating.
      const quote = 'Per Deir Ezzor 24: «\u2067استهدفت ثمانية صواريخ، ١٢ مرة\u2069» [1].\n';
      const answerText =
        quote.repeat(2000) + 'حقل' + ' .'.repeat(20_000) + 'x ' + 'العمر، '.repeat(20_000) + 'end';
      const id = fx.log.record(entry(fx.log, { question: 'What happened at حقل العمر?', answerText }));
      const started = performance.now();
      const page = await (await app.request(`/answers/${id}`, { headers: { cookie } })).text();
      const took = performance.now() - started;
      assert.ok(took < 2000, `the page took ${Math.round(took)} ms`);
      assert.deepEqual(arabicNotMarked(page), []);
      const spans = page.match(/<span lang="ar" dir="rtl">/g)?.length ?? 0;
      assert.ok(spans >= 2000 + 3, `${spans} Arabic runs marked`);
      assert.ok(
        page.includes('<span lang="ar" dir="rtl">حقل</span> . .'),
        'the dots after a run are not in it',
      );
      assert.ok(
        page.includes(`<span lang="ar" dir="rtl">${'العمر، '.repeat(20_000).trimEnd()}</span> end`),
        'one run',
      );
    });

    it('says which earlier question a follow-up was read with', async () => {
      const page = await (await app.request('/answers/4', { headers: { cookie } })).text();
      assert.match(
        page,
        /<p class="follows">[^]*read as a follow-up of[^]*<span dir="rtl" lang="ar">ماذا حدث في الميادين؟<\/span>/,
      );
    });

    it('says when a question was asked on behalf of a chat, whose admins rate its answer', async () => {
      const group = fx.log.hashChat(-100777);
      fx.log.record(entry(fx.log, { chatType: 'supergroup', chatHash: group, askerChatHash: group }));
      fx.log.record(
        entry(fx.log, { chatType: 'supergroup', chatHash: group, askerChatHash: fx.log.hashChat(-1001) }),
      );
      const page = async (id: number) =>
        (await app.request(`/answers/${id}`, { headers: { cookie } })).text();
      assert.match(
        await page(6),
        /Asked as[^]*the group itself \(an anonymous admin\); its admins rate the answer/,
      );
      assert.match(await page(7), /Asked as[^]*a channel; the group’s admins rate the answer/);
      assert.doesNotMatch(await page(1), /Asked as/);
    });

    it('shows what the asker said with their 👎, on the page and in both exports', async () => {
      const correction = 'هذا خطأ، كان الهجوم يوم 4 كانون الثاني';
      assert.ok(fx.log.setFeedback(2, fx.log.hashUser(1), 'down', correction));
      const page = async (id: number) =>
        (await app.request(`/answers/${id}`, { headers: { cookie } })).text();
      assert.match(
        await page(2),
        /Feedback[^]*👎 down[^]*The asker said:[^]*<q class="fb-comment" dir="auto" lang="ar">هذا خطأ، كان الهجوم يوم 4 كانون الثاني<\/q>/,
      );
      assert.doesNotMatch(await page(1), /The asker said/);
      const { header, cell, lines } = await bothExports(app, cookie);
      assert.ok(
        header.indexOf('feedback_comment') > header.indexOf('undelivered'),
        'a new column goes after the others',
      );
      assert.deepEqual(
        [2, 1].map((id) => cell(id, 'feedback_comment')),
        [correction, ''],
      );
      assert.deepEqual(
        lines.filter((l) => l.feedbackComment !== null).map((l) => [l.id, l.feedbackComment]),
        [[2, correction]],
      );
    });

    it('says when Telegram did not deliver an answer, and why, on the page and in both exports', async () => {
      fx.log.markUndelivered(2, 'Forbidden: bot was blocked by the user');
      const page = async (id: number) =>
        (await app.request(`/answers/${id}`, { headers: { cookie } })).text();
      assert.match(
        await page(2),
        /Delivered[^]*No: Telegram refused it\.[^]*Forbidden: bot was blocked by the user/,
      );
      assert.doesNotMatch(await page(1), /Delivered/);
      // The queue marks it too, beside the answer's start, and only it.
      const queue = await (await app.request('/', { headers: { cookie } })).text();
      const rows = queue.split('<tr>').slice(2);
      const marked = rows.filter((r) => r.includes('class="undelivered"'));
      assert.equal(marked.length, 1);
      assert.match(
        marked[0] ?? '',
        /href="\/answers\/2"[^]*<span class="undelivered">Not delivered <span class="ar" lang="ar" dir="rtl">لم تُسلَّم<\/span><\/span>/,
      );
      const { header, cell, lines } = await bothExports(app, cookie);
      assert.ok(
        header.indexOf('undelivered') > header.indexOf('asked_as'),
        'a new column goes after the others',
      );
      assert.deepEqual(
        [2, 1].map((id) => cell(id, 'undelivered')),
        ['Forbidden: bot was blocked by the user', ''],
      );
      assert.deepEqual(
        lines.map((l) => [l.id, l.undelivered]),
        [5, 4, 3, 2, 1].map((id) => [id, id === 2 ? 'Forbidden: bot was blocked by the user' : null]),
      );
    });

    it('highlights the passage inside the article text', async () => {
      const page = await (await app.request('/answers/2', { headers: { cookie } })).text();
      assert.ok(
        page.includes(`${BEFORE_AR}<mark>${PASSAGE_AR}</mark>${AFTER_AR}`),
        'passage marked in place',
      );
      assert.match(page, /href="https:\/\/example\.org\/omar"/);
    });

    it('shows the passages an abstention set aside, apart from citations', async () => {
      const page = await (await app.request('/answers/3', { headers: { cookie } })).text();
      assert.match(page, /No citations\./);
      assert.match(page, /Passages it set aside \(not shown: it abstained\)[^]*<mark>/);
      assert.ok(page.includes(`<mark>${PASSAGE_AR}</mark>`), 'in its article, as citations are');
      const cited = await (await app.request('/answers/2', { headers: { cookie } })).text();
      assert.doesNotMatch(cited, /set aside/);
    });

    it('shows the passage alone, with a note, when the article is not in the index', async () => {
      const page = await (await app.request('/answers/4', { headers: { cookie } })).text();
      assert.match(page, /<mark>غارات جوية للتحالف الدولي<\/mark>/);
      assert.match(page, /not in the current index/);
      assert.match(
        page,
        /<p class="note">[^<]* <span class="ar" lang="ar" dir="rtl">المقال غير موجود في الفهرس الحالي؛/,
      );
    });

    it('says once, and why, that the index could not be opened, rather than that every article went', async () => {
      const indexDir = path.join(fx.dir, 'index');
      fs.mkdirSync(indexDir);
      fs.writeFileSync(path.join(indexDir, 'CURRENT'), '\u0000\u0000 torn write');
      const warnings: string[] = [];
      const articles = openArticleSource(indexDir, (m) => warnings.push(m));
      const damaged = createReviewServer({
        log: fx.log,
        config: fx.config,
        now: () => fx.clock.now,
        articleText: (id) => articles.articleText(id),
        indexProblem: () => articles.problem(),
      });
      try {
        const { cookie } = await login(damaged);
        for (const id of [2, 3, 4]) {
          // #2 and #4 cite a passage; #3 set one aside.
          const page = await (await damaged.request(`/answers/${id}`, { headers: { cookie } })).text();
          assert.equal(page.match(/class="error index-problem"/g)?.length, 1, `#${id}: said once`);
          assert.match(page, /The index could not be opened/);
          assert.match(page, /تعذّر فتح الفهرس/);
          assert.match(page, /<code>[^<]*CURRENT is damaged[^<]*<\/code>/, 'and why');
          assert.doesNotMatch(page, /not in the current index/);
          assert.match(page, /<mark>/, 'the passage is still shown, as logged');
        }
        const none = await (await damaged.request('/answers/5', { headers: { cookie } })).text();
        assert.doesNotMatch(none, /index-problem/, 'nothing to say for an answer with no passages');
        // Mended, the page shows passages inside their articles again, and says nothing of the index.
        const gen = path.join(indexDir, 'gen-1');
        fs.mkdirSync(gen);
        const store = new PassageStore(path.join(gen, 'passages.sqlite'));
        store.insertArticle(bareArticle(ARTICLE_AR, ARTICLE_ID), 'hash');
        store.db.close();
        fs.writeFileSync(path.join(indexDir, 'CURRENT'), 'gen-1');
        const mended = await (await damaged.request('/answers/4', { headers: { cookie } })).text();
        assert.doesNotMatch(mended, /index-problem/);
        assert.match(mended, /not in the current index/, '#4 cites an article the index does not hold');
        const two = await (await damaged.request('/answers/2', { headers: { cookie } })).text();
        assert.ok(two.includes(`${BEFORE_AR}<mark>${PASSAGE_AR}</mark>${AFTER_AR}`));
        assert.equal(warnings.length, 1, 'the server log says it once too');
      } finally {
        damaged.close();
        articles.close();
      }
    });

    it('escapes what people wrote: no markup from questions or answers reaches the page', async () => {
      for (const path of ['/answers/5', '/']) {
        const page = await (await app.request(path, { headers: { cookie } })).text();
        assert.ok(!page.includes('<script>'), path);
        assert.ok(page.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; drone attack?'), path);
      }
      const detail = await (await app.request('/answers/5', { headers: { cookie } })).text();
      assert.ok(detail.includes('A drone &lt;b&gt;struck&lt;/b&gt; a base.'));
    });

    it('sends security headers and no-store', async () => {
      const res = await app.request('/answers/2', { headers: { cookie } });
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('referrer-policy'), 'same-origin');
      assert.equal(res.headers.get('cache-control'), 'no-store');
    });

    it('answers 404 for unknown or malformed ids', async () => {
      assert.equal((await app.request('/answers/999', { headers: { cookie } })).status, 404);
      assert.equal((await app.request('/answers/abc', { headers: { cookie } })).status, 404);
    });

    it('names every page in both languages, in the browser’s title too', async () => {
      const titles: [string, string][] = [
        ['/', 'Queue — answer review / \u2067القائمة — مراجعة الإجابات\u2069'],
        ['/answers/2', 'Answer #2 — answer review / \u2067الإجابة #2 — مراجعة الإجابات\u2069'],
      ];
      for (const [url, title] of titles) {
        const page = await (await app.request(url, { headers: { cookie } })).text();
        assert.equal(titleIn(page), title, url);
      }
      const login = await (await app.request('/login')).text();
      assert.equal(titleIn(login), 'Log in — answer review / \u2067دخول — مراجعة الإجابات\u2069');
    });

    it('says what went wrong on an error page in both languages', async () => {
      const cases: [url: string, title: [string, string], message: { en: string; ar: string }][] = [
        [
          '/answers/999',
          ['Not found', 'غير موجود'],
          { en: 'There is no answer with this id.', ar: 'لا توجد إجابة بهذا الرقم.' },
        ],
        ['/no/such/page', ['Not found', 'غير موجود'], { en: 'No such page.', ar: 'لا توجد صفحة كهذه.' }],
      ];
      for (const [url, [en, ar], message] of cases) {
        const res = await app.request(url, { headers: { cookie } });
        assert.equal(res.status, 404, url);
        const page = await res.text();
        assert.ok(page.includes(`<h1>${en} <span class="ar" lang="ar" dir="rtl">${ar}</span></h1>`), url);
        assert.deepEqual(alertIn(page), message, url);
        assert.equal(titleIn(page), `${en} — answer review / \u2067${ar} — مراجعة الإجابات\u2069`, url);
      }
    });
  });

  describe('actions', () => {
    for (const state of ['correct', 'incorrect', 'article_missing'] as const) {
      it(`marks ${state} with a note, recording who, when, from and to`, async () => {
        const { cookie, csrf } = await login(app);
        fx.clock.now = new Date('2024-06-10T18:30:00.000Z');
        const res = await app.request('/answers/2/review?feedback=down', {
          method: 'POST',
          headers: { ...FORM, cookie },
          body: form({ _csrf: csrf, state, note: `  note for ${state}  ` }),
        });
        assert.equal(res.status, 303);
        assert.equal(res.headers.get('location'), '/answers/2?feedback=down&saved=1');
        const a = fx.log.get(2);
        assert.equal(a?.reviewState, state);
        assert.equal(a?.reviewedBy, 'alice');
        assert.equal(a?.reviewNote, `note for ${state}`);
        assert.deepEqual(
          fx.log.reviewEvents(2).map((e) => [e.moderator, e.at, e.fromState, e.toState, e.note]),
          [['alice', '2024-06-10T18:30:00.000Z', 'unreviewed', state, `note for ${state}`]],
        );
        const page = await (
          await app.request('/answers/2?feedback=down&saved=1', { headers: { cookie } })
        ).text();
        assert.match(page, /Review saved/);
        assert.match(page, new RegExp(`value="${state}" required checked`));
        assert.match(page, /<td>alice<\/td>/);
        assert.match(page, /href="\/\?feedback=down">/, 'back link keeps the filter');
      });
    }

    it('keeps every change in the audit trail, in order', async () => {
      const { cookie, csrf } = await login(app);
      const mark = (state: string, note = '') =>
        app.request('/answers/4/review', {
          method: 'POST',
          headers: { ...FORM, cookie },
          body: form({ _csrf: csrf, state, note }),
        });
      assert.equal((await mark('article_missing', 'no article on this strike')).status, 303);
      assert.equal((await mark('correct')).status, 303);
      assert.deepEqual(
        fx.log.reviewEvents(4).map((e) => [e.moderator, e.fromState, e.toState, e.note]),
        [
          ['bob', 'unreviewed', 'incorrect', 'wrong base'],
          ['alice', 'incorrect', 'article_missing', 'no article on this strike'],
          ['alice', 'article_missing', 'correct', null],
        ],
      );
    });

    it('shows the saved note in the form, so a new verdict keeps it unless it is changed', async () => {
      const { cookie } = await login(app);
      const page = await (await app.request('/answers/4', { headers: { cookie } })).text();
      assert.match(page, /<textarea[^>]*>\s*wrong base<\/textarea>/);
      assert.match(page, /name="seen" value="2024-06-10T12:00:00.000Z"/);
    });

    it('does not overwrite unseen a review another moderator saved after the page was opened', async () => {
      const alice = await login(app, ALICE);
      const bob = await login(app, BOB);
      const opened = await (await app.request('/answers/2', { headers: { cookie: alice.cookie } })).text();
      const seen = /name="seen" value="([^"]*)"/.exec(opened)?.[1];
      assert.equal(seen, '');
      const save = (who: { cookie: string; csrf: string }, state: string, note: string) =>
        app.request('/answers/2/review', {
          method: 'POST',
          headers: { ...FORM, cookie: who.cookie },
          body: form({ _csrf: who.csrf, state, note, seen: seen ?? '' }),
        });
      assert.equal((await save(bob, 'correct', 'fine')).status, 303);
      const late = await save(alice, 'incorrect', 'ملاحظة أليس\nسطر ثان');
      assert.equal(late.status, 409);
      const body = await late.text();
      assert.match(body, /bob reviewed this answer after you opened it/);
      assert.match(
        alertIn(body).ar ?? '',
        /^راجع bob هذه الإجابة بعد أن فتحتها \(صحيحة، [^)]+\)، فلم تُحفظ مراجعتك\. مراجعته في سجل المراجعات، ومراجعتك أدناه/,
      );
      assert.match(body, /ملاحظة أليس\nسطر ثان<\/textarea>/, 'her note is kept in the form');
      assert.match(body, /value="incorrect" required checked/);
      assert.equal(fx.log.get(2)?.reviewState, 'correct');
      // Bob saving again from his own page replaces his own review.
      assert.equal((await save(bob, 'article_missing', 'on second thought')).status, 303);
    });

    it('takes a verdict given by mistake back to unreviewed, recorded in the audit trail', async () => {
      const { cookie } = await login(app);
      const unreviewed = await (await app.request('/answers/2', { headers: { cookie } })).text();
      assert.doesNotMatch(unreviewed, /id="unreview"/, 'nothing to take back');
      // #4 was marked incorrect by bob ("wrong base").
      const opened = await (await app.request('/answers/4?lang=ar', { headers: { cookie } })).text();
      const reset = /<form\s+method="post"\s+action="([^"]+)"\s+id="unreview"[^]*?<\/form>/.exec(opened);
      assert.ok(reset, 'a "Return to unreviewed" form');
      assert.match(reset[0], /Return to unreviewed/);
      assert.match(reset[0], /name="state" value="unreviewed"/);
      assert.match(reset[0], /name="seen" value="2024-06-10T12:00:00.000Z"/);
      fx.clock.now = new Date('2024-06-10T18:30:00.000Z');
      const res = await app.request(reset[1]!.replace(/&amp;/g, '&'), {
        method: 'POST',
        headers: { ...FORM, cookie },
        body: form({
          _csrf: csrfIn(reset[0]),
          seen: '2024-06-10T12:00:00.000Z',
          state: 'unreviewed',
          note: ' marked the wrong answer ',
        }),
      });
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/answers/4?lang=ar&saved=1');
      const a = fx.log.get(4);
      assert.equal(a?.reviewState, 'unreviewed');
      assert.equal(a?.reviewedBy, null);
      assert.equal(a?.reviewNote, null);
      assert.deepEqual(
        fx.log.reviewEvents(4).map((e) => [e.moderator, e.at, e.fromState, e.toState, e.note]),
        [
          ['bob', '2024-06-10T12:00:00.000Z', 'unreviewed', 'incorrect', 'wrong base'],
          ['alice', '2024-06-10T18:30:00.000Z', 'incorrect', 'unreviewed', 'marked the wrong answer'],
        ],
      );
      const page = await (await app.request('/answers/4', { headers: { cookie } })).text();
      assert.doesNotMatch(page, /id="unreview"/);
      assert.match(page, /<textarea[^>]*>\s*<\/textarea>/, 'the old note is gone from the form');
      assert.match(page, /<td>alice<\/td>\s*<td>[^]*Incorrect[^]*→[^]*Unreviewed/);
      assert.deepEqual(
        idsIn(await (await app.request('/?state=unreviewed', { headers: { cookie } })).text()),
        [5, 4, 3, 2],
      );
    });

    it('does not let a page opened before a verdict was taken back overwrite that unseen', async () => {
      const alice = await login(app, ALICE);
      const bob = await login(app, BOB);
      const post = (who: { cookie: string; csrf: string }, state: string) =>
        app.request('/answers/1/review', {
          method: 'POST',
          headers: { ...FORM, cookie: who.cookie },
          body: form({ _csrf: who.csrf, state, note: '', seen: '2024-06-10T12:00:00.000Z' }),
        });
      // Both opened #1 when bob's "correct" was on it; bob takes it back, then alice saves "incorrect".
      assert.equal((await post(bob, 'unreviewed')).status, 303);
      const late = await post(alice, 'incorrect');
      assert.equal(late.status, 409);
      assert.match(await late.text(), /bob took back this answer&#39;s verdict after you opened it/);
      assert.equal(fx.log.get(1)?.reviewState, 'unreviewed');
    });

    it('answers a crafted `seen` with a page, not a server error', async () => {
      const { cookie, csrf } = await login(app);
      const post = (id: number, seen: string) =>
        app.request(`/answers/${id}/review`, {
          method: 'POST',
          headers: { ...FORM, cookie },
          body: form({ _csrf: csrf, state: 'incorrect', note: 'n', seen }),
        });
      // #2 was never reviewed: there is no one's review to protect, so it is saved.
      assert.equal((await post(2, 'x')).status, 303);
      assert.equal(fx.log.get(2)?.reviewedBy, 'alice');
      // A review with no audit row (written by hand in the database) is refused as changed, and said so.
      const db = new Database(fx.log.file);
      db.prepare(
        "UPDATE answers SET review_state = 'correct', reviewed_by = 'carol', reviewed_at = ? WHERE id = 5",
      ).run('2024-06-09T00:00:00.000Z');
      db.close();
      const res = await post(5, 'x');
      assert.equal(res.status, 409);
      const changed = alertIn(await res.text());
      assert.match(changed.en, /review changed after you opened it, so yours was not saved/);
      assert.match(
        changed.ar ?? '',
        /^تغيّرت مراجعة هذه الإجابة بعد أن فتحتها، فلم تُحفظ مراجعتك\. المراجعة الأخرى معروضة تحت «المراجعة»/,
      );
      assert.equal(fx.log.get(5)?.reviewedBy, 'carol');
    });

    describe('a take-back that was not saved comes back as a take-back, not as a verdict', () => {
      const UNREVIEW = /<form\s+method="post"\s+action="([^"]+)"\s+id="unreview"[^]*?<\/form>/;
      /** What the page offers: the take-back form's reason, the verdict checked, the verdict's note. */
      const offered = (page: string) => ({
        reason: /name="note"[^>]*value="([^"]*)"/.exec(UNREVIEW.exec(page)?.[0] ?? '')?.[1],
        checked: /value="(\w+)" required checked/.exec(page)?.[1],
        verdictNote: /<textarea[^>]*>\s*([^<]*)<\/textarea>/.exec(page)?.[1],
      });
      const takeBack = (who: { cookie: string; csrf: string }, id: number, note: string, seen: string) =>
        app.request(`/answers/${id}/review`, {
          method: 'POST',
          headers: { ...FORM, cookie: who.cookie },
          body: form({ _csrf: who.csrf, state: 'unreviewed', note, seen }),
        });

      it('after someone else changed the review: the reason is in the take-back form, to press again', async () => {
        const alice = await login(app, ALICE);
        const bob = await login(app, BOB);
        // Both opened #4 with bob's "incorrect"; bob changes it to "correct", then alice takes back.
        const opened = '2024-06-10T12:00:00.000Z';
        fx.clock.now = new Date('2024-06-10T13:00:00.000Z');
        const changed = await app.request('/answers/4/review', {
          method: 'POST',
          headers: { ...FORM, cookie: bob.cookie },
          body: form({ _csrf: bob.csrf, state: 'correct', note: 'right after all', seen: opened }),
        });
        assert.equal(changed.status, 303);
        const late = await takeBack(alice, 4, 'marked the wrong answer', opened);
        assert.equal(late.status, 409);
        const page = await late.text();
        assert.match(page, /bob reviewed this answer after you opened it \(Correct, 2024-06-10 13:00:00Z\)/);
        assert.match(page, /take-back to unreviewed was not saved/);
        assert.match(page, /press “Return to unreviewed” again/);
        assert.doesNotMatch(page, /save it again/);
        assert.match(
          alertIn(page).ar ?? '',
          /^راجع bob .*، فلم تُحفظ إعادتك الإجابةَ إلى «لم تُراجَع»\. سببك أدناه/,
        );
        assert.deepEqual(offered(page), {
          reason: 'marked the wrong answer',
          checked: 'correct',
          verdictNote: 'right after all',
        });
        assert.equal(fx.log.get(4)?.reviewState, 'correct');
        // Pressed again, it takes back bob's new verdict, with alice's reason in the audit trail.
        const again = UNREVIEW.exec(page)!;
        const res = await app.request(again[1]!.replace(/&amp;/g, '&'), {
          method: 'POST',
          headers: { ...FORM, cookie: alice.cookie },
          body: form({
            _csrf: csrfIn(again[0]),
            seen: /name="seen" value="([^"]*)"/.exec(again[0])?.[1] ?? '',
            state: 'unreviewed',
            note: offered(page).reason ?? '',
          }),
        });
        assert.equal(res.status, 303);
        assert.equal(fx.log.get(4)?.reviewState, 'unreviewed');
        assert.deepEqual(
          fx.log.reviewEvents(4).map((e) => [e.moderator, e.toState, e.note]),
          [
            ['bob', 'incorrect', 'wrong base'],
            ['bob', 'correct', 'right after all'],
            ['alice', 'unreviewed', 'marked the wrong answer'],
          ],
        );
      });

      it('after someone else took it back already: nothing is left to take back', async () => {
        const alice = await login(app, ALICE);
        const bob = await login(app, BOB);
        const opened = '2024-06-10T12:00:00.000Z';
        assert.equal((await takeBack(bob, 1, 'by mistake', opened)).status, 303);
        const late = await takeBack(alice, 1, 'also by mistake', opened);
        assert.equal(late.status, 409);
        const page = await late.text();
        assert.match(page, /bob took back this answer&#39;s verdict after you opened it/);
        assert.match(page, /take-back to unreviewed was not saved\. The answer has no verdict now/);
        assert.match(
          alertIn(page).ar ?? '',
          /^سحب bob حكم هذه الإجابة .*\. ليس للإجابة حكم الآن، فلا شيء يُسحب\.$/,
        );
        assert.deepEqual(offered(page), { reason: undefined, checked: undefined, verdictNote: '' });
      });

      it('from a page of an earlier session, or when the session ended', async () => {
        const { cookie, csrf } = await login(app);
        const fresh = await login(app);
        const stale = await takeBack(
          { cookie: fresh.cookie, csrf },
          4,
          'not this one',
          '2024-06-10T12:00:00.000Z',
        );
        assert.equal(stale.status, 403);
        const page = await stale.text();
        assert.match(page, /earlier session, so your take-back to unreviewed was not saved/);
        assert.match(alertIn(page).ar ?? '', /^فُتحت هذه الصفحة في جلسة سابقة، فلم تُحفظ إعادتك/);
        assert.deepEqual(offered(page), {
          reason: 'not this one',
          checked: 'incorrect',
          verdictNote: 'wrong base',
        });

        fx.clock.now = new Date(fx.clock.now.getTime() + 13 * 3_600_000);
        const ended = await takeBack({ cookie, csrf }, 4, 'not this one', '2024-06-10T12:00:00.000Z');
        assert.equal(ended.status, 401);
        const loginPage = await ended.text();
        assert.match(loginPage, /the verdict was not taken back/);
        assert.match(alertIn(loginPage).ar ?? '', /^انتهت جلستك، فلم يُسحب الحكم\./);
        assert.match(loginPage, /name="draft_state" value="unreviewed"/);
        const loginCsrf = setCookie(ended, 'review_login_csrf')?.value ?? '';
        const back = await app.request('/login', {
          method: 'POST',
          headers: { ...FORM, cookie: `review_login_csrf=${loginCsrf}` },
          body: form({
            _csrf: csrfIn(loginPage),
            name: ALICE.name,
            token: ALICE.token,
            next: '/answers/4',
            draft_answer: '4',
            draft_state: 'unreviewed',
            draft_note: 'not this one',
          }),
        });
        assert.equal(back.status, 200);
        const offeredPage = await back.text();
        assert.match(offeredPage, /session had ended, so your take-back to unreviewed was not saved/);
        assert.doesNotMatch(offeredPage, /check it and save it/);
        assert.match(alertIn(offeredPage).ar ?? '', /^كانت جلستك قد انتهت، فلم تُحفظ إعادتك/);
        assert.deepEqual(offered(offeredPage), {
          reason: 'not this one',
          checked: 'incorrect',
          verdictNote: 'wrong base',
        });
        assert.equal(fx.log.get(4)?.reviewState, 'incorrect');
      });
    });

    it('gives back a review written when the session ended, after logging in again', async () => {
      const { cookie, csrf } = await login(app);
      fx.clock.now = new Date(fx.clock.now.getTime() + 13 * 3_600_000);
      const res = await app.request('/answers/2/review?feedback=down', {
        method: 'POST',
        headers: { ...FORM, cookie },
        body: form({ _csrf: csrf, state: 'incorrect', note: 'الصواريخ سقطت على قاعدة أخرى' }),
      });
      assert.equal(res.status, 401);
      const loginPage = await res.text();
      assert.match(loginPage, /session has ended, so the review was not saved/);
      assert.match(alertIn(loginPage).ar ?? '', /^انتهت جلستك، فلم تُحفظ المراجعة\./);
      assert.match(loginPage, /name="draft_note" value="الصواريخ سقطت على قاعدة أخرى"/);
      // The queue's view it was opened from rides along, so the answer's links keep it.
      assert.match(loginPage, /name="next" value="\/answers\/2\?feedback=down"/);
      assert.equal(fx.log.get(2)?.reviewState, 'unreviewed');
      const loginCsrf = setCookie(res, 'review_login_csrf')?.value ?? '';
      const back = await app.request('/login', {
        method: 'POST',
        headers: { ...FORM, cookie: `review_login_csrf=${loginCsrf}` },
        body: form({
          _csrf: csrfIn(loginPage),
          name: ALICE.name,
          token: ALICE.token,
          next: '/answers/2?feedback=down',
          draft_answer: '2',
          draft_state: 'incorrect',
          draft_note: 'الصواريخ سقطت على قاعدة أخرى',
        }),
      });
      assert.equal(back.status, 200);
      const page = await back.text();
      assert.match(page, /<a href="\/\?feedback=down">/);
      assert.match(page, /<form method="post" action="\/answers\/2\/review\?feedback=down"/);
      assert.match(page, /Last answer of this view/, '#2 is the last 👎 answer, not the last of all');
      assert.deepEqual(alertIn(page), {
        en: 'This review is not saved yet: check it and save it.',
        ar: 'لم تُحفظ هذه المراجعة بعد: راجعها ثم احفظها.',
      });
      assert.match(page, /الصواريخ سقطت على قاعدة أخرى<\/textarea>/);
      assert.match(page, /value="incorrect" required checked/);
      assert.ok(setCookie(back, 'review_session'), 'logged in');
      // A form from an earlier session (another CSRF token) is given back the same way.
      const fresh = `review_session=${setCookie(back, 'review_session')?.value}`;
      const stale = await app.request('/answers/2/review', {
        method: 'POST',
        headers: { ...FORM, cookie: fresh },
        body: form({ _csrf: csrf, state: 'correct', note: 'من صفحة قديمة' }),
      });
      assert.equal(stale.status, 403);
      const stalePage = await stale.text();
      assert.match(stalePage, /earlier session[\s\S]*من صفحة قديمة<\/textarea>/);
      assert.equal(
        alertIn(stalePage).ar,
        'فُتحت هذه الصفحة في جلسة سابقة، فلم تُحفظ المراجعة. هي أدناه: احفظها مرة أخرى.',
      );
      assert.equal(fx.log.get(2)?.reviewState, 'unreviewed');
    });

    /** The hidden fields of the login form in `page`, as the browser would send them back. */
    const hiddenFields = (page: string): Record<string, string> =>
      Object.fromEntries(
        [...page.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)"/g)].map((m) => [
          m[1],
          (m[2] ?? '')
            .replace(/&quot;/g, '"')
            .replace(/&#39;/g, "'")
            .replace(/&lt;/g, '<')
            .replace(/&gt;/g, '>')
            .replace(/&amp;/g, '&'),
        ]),
      );

    it('keeps a review carried from an ended session through a login refused for too many failures', async () => {
      const { cookie, csrf } = await login(app);
      fx.clock.now = new Date(fx.clock.now.getTime() + 13 * 3_600_000);
      const note = 'الصواريخ سقطت على "قاعدة" أخرى & <هنا>';
      const ended = await app.request('/answers/2/review', {
        method: 'POST',
        headers: { ...FORM, cookie },
        body: form({ _csrf: csrf, state: 'incorrect', note }),
      });
      assert.equal(ended.status, 401);
      // Each try sends back the form the last answer gave: the typos keep the review, and so must the 429.
      let page = await ended.text();
      let loginCsrf = setCookie(ended, 'review_login_csrf')?.value ?? '';
      const tryLogin = async (token: string) => {
        const res = await app.request('/login', {
          method: 'POST',
          headers: { ...FORM, cookie: `review_login_csrf=${loginCsrf}` },
          body: form({ ...hiddenFields(page), name: ALICE.name, token }),
        });
        page = await res.text();
        loginCsrf = setCookie(res, 'review_login_csrf')?.value ?? loginCsrf;
        return res;
      };
      for (let i = 0; i < 10; i++) assert.equal((await tryLogin(`typo-${i}`)).status, 401);
      const blocked = await tryLogin(ALICE.token);
      assert.equal(blocked.status, 429);
      assert.match(page, /Too many failed logins/);
      assert.deepEqual(
        { ...hiddenFields(page), _csrf: undefined },
        {
          _csrf: undefined,
          next: '/answers/2',
          draft_answer: '2',
          draft_state: 'incorrect',
          draft_note: note,
        },
        'the 429 page still carries the review',
      );
      assert.equal(fx.log.get(2)?.reviewState, 'unreviewed');

      fx.clock.now = new Date(fx.clock.now.getTime() + 11 * 60_000);
      const back = await tryLogin(ALICE.token);
      assert.equal(back.status, 200);
      assert.ok(setCookie(back, 'review_session'), 'logged in');
      assert.match(page, /not saved yet/);
      assert.match(page, /value="incorrect" required checked/);
      assert.ok(
        page.includes('الصواريخ سقطت على &quot;قاعدة&quot; أخرى &amp; &lt;هنا&gt;</textarea>'),
        'the note is offered again',
      );
    });

    it('keeps a review carried from an ended session through a login form that expired', async () => {
      const { cookie, csrf } = await login(app);
      fx.clock.now = new Date(fx.clock.now.getTime() + 13 * 3_600_000);
      const ended = await app.request('/answers/2/review', {
        method: 'POST',
        headers: { ...FORM, cookie },
        body: form({ _csrf: csrf, state: 'article_missing', note: 'المقال عن الميادين غير موجود' }),
      });
      assert.equal(ended.status, 401);
      // The login form's cookie lasts an hour: after that the browser sends none.
      const expired = await app.request('/login', {
        method: 'POST',
        headers: FORM,
        body: form({ ...hiddenFields(await ended.text()), name: ALICE.name, token: ALICE.token }),
      });
      assert.equal(expired.status, 403);
      const page = await expired.text();
      assert.deepEqual(alertIn(page), {
        en: 'The login form expired; please try again.',
        ar: 'انتهت صلاحية نموذج الدخول؛ يُرجى المحاولة مجددًا.',
      });
      const fields = hiddenFields(page);
      assert.equal(fields.draft_note, 'المقال عن الميادين غير موجود');
      const back = await app.request('/login', {
        method: 'POST',
        headers: { ...FORM, cookie: `review_login_csrf=${setCookie(expired, 'review_login_csrf')?.value}` },
        body: form({ ...fields, name: ALICE.name, token: ALICE.token }),
      });
      assert.equal(back.status, 200);
      const offered = await back.text();
      assert.match(offered, /not saved yet/);
      assert.match(offered, /value="article_missing" required checked/);
      assert.match(offered, /المقال عن الميادين غير موجود<\/textarea>/);
    });

    it('rejects an unknown state, an overlong note and an unknown answer', async () => {
      const { cookie, csrf } = await login(app);
      const post = (url: string, body: Record<string, string>) =>
        app.request(url, {
          method: 'POST',
          headers: { ...FORM, cookie },
          body: form({ _csrf: csrf, ...body }),
        });
      assert.equal((await post('/answers/2/review', { state: 'bogus' })).status, 400);
      assert.equal(
        (await post('/answers/2/review', { state: 'correct', note: 'x'.repeat(2001) })).status,
        400,
      );
      assert.equal((await post('/answers/999/review', { state: 'correct' })).status, 404);
      assert.equal(fx.log.get(2)?.reviewState, 'unreviewed');
      // Said in both languages, as the rest of the page.
      const bogus = await (await post('/answers/2/review', { state: 'bogus' })).text();
      assert.match(bogus, /<h1>Bad request <span class="ar" lang="ar" dir="rtl">طلب غير صالح<\/span><\/h1>/);
      assert.deepEqual(alertIn(bogus), {
        en: 'state must be one of unreviewed, correct, incorrect, article_missing.',
        ar: 'يجب أن تكون الحالة (state) واحدة من: unreviewed, correct, incorrect, article_missing.',
      });
      const long = await post('/answers/2/review', { state: 'correct', note: 'x'.repeat(2001) });
      assert.deepEqual(alertIn(await long.text()), {
        en: 'The note is longer than 2000 characters.',
        ar: 'الملاحظة أطول من 2000 حرف.',
      });
    });
  });

  describe('export', () => {
    let cookie: string;
    beforeEach(async () => {
      ({ cookie } = await login(app));
    });

    it('exports the filtered view as CSV with a BOM, quoted cells and no formula injection', async () => {
      const res = await app.request('/export.csv?feedback=down', { headers: { cookie } });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/csv; charset=utf-8/);
      assert.match(
        res.headers.get('content-disposition') ?? '',
        /attachment; filename="answers-20240610-1200\.csv"/,
      );
      const bytes = new Uint8Array(await res.arrayBuffer());
      assert.deepEqual([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
      const rows = parseCsv(new TextDecoder().decode(bytes.slice(3)));
      const [header = [], ...data] = rows;
      assert.equal(data.length, 2);
      const col = (name: string) => header.indexOf(name);
      assert.deepEqual(
        data.map((r) => r[col('id')]),
        ['3', '2'],
      );
      assert.equal(data[0]?.[col('question')], "'=SUM(1,2) who won the football match?");
      assert.equal(data[1]?.[col('question')], 'ما القاعدة التي استهدفت بثمانية صواريخ؟');
      assert.equal(
        data[1]?.[col('citations')],
        `[1] ${ARTICLE_ID} @${BEFORE_AR.length}-${BEFORE_AR.length + PASSAGE_AR.length}: ${PASSAGE_AR}`,
      );
      assert.equal(data[1]?.[col('feedback')], 'down');
      assert.ok(!header.includes('user_hash'), 'pseudonymous ids stay out of exports');
    });

    it('adds the passages set aside and the review history as the last CSV columns', async () => {
      fx.clock.now = new Date('2024-06-10T13:00:00.000Z');
      fx.log.setReview(4, 'alice', 'article_missing', '=HYPERLINK("http://evil")\nsecond line');
      fx.log.setReview(3, 'alice', 'correct', null);
      const text = await (await app.request('/export.csv', { headers: { cookie } })).text();
      const [header = [], ...data] = parseCsv(text.replace(/^\uFEFF/, ''));
      // The columns earlier exports had, in their order, then the new ones: old spreadsheets line up.
      assert.deepEqual(header, [
        'id',
        'created_at',
        'language',
        'chat_type',
        'question',
        'follows',
        'answer_text',
        'abstained',
        'top_score',
        'feedback',
        'feedback_at',
        'review_state',
        'review_note',
        'reviewed_by',
        'reviewed_at',
        'embedder_id',
        'index_version',
        'latency_ms',
        'citations',
        'considered',
        'review_history',
        'asked_as',
        'undelivered',
        'feedback_comment',
        'feedback_was',
        'feedback_was_at',
      ]);
      const row = (id: number) => data.find((r) => r[0] === String(id)) ?? [];
      const col = (name: string) => header.indexOf(name);
      assert.ok(data.every((r) => r.length === header.length));
      // #3 abstained and set ARTICLE_AR's passage aside: in the style of the citations.
      assert.equal(row(3)[col('citations')], '');
      assert.equal(
        row(3)[col('considered')],
        `[1] ${ARTICLE_ID} @${BEFORE_AR.length}-${BEFORE_AR.length + PASSAGE_AR.length}: ${PASSAGE_AR}`,
      );
      assert.equal(row(2)[col('considered')], '');
      assert.equal(
        row(4)[col('review_history')],
        '2024-06-10T12:00:00.000Z bob: unreviewed → incorrect — wrong base\n' +
          '2024-06-10T13:00:00.000Z alice: incorrect → article_missing — =HYPERLINK("http://evil") second line',
      );
      assert.equal(row(3)[col('review_history')], '2024-06-10T13:00:00.000Z alice: unreviewed → correct');
      assert.equal(row(2)[col('review_history')], '');
      // The note is a cell of its own too, where a leading = is defused as before.
      assert.equal(row(4)[col('review_note')], `'=HYPERLINK("http://evil")\nsecond line`);
    });

    it('exports JSONL, one answer per line with its citations', async () => {
      const res = await app.request('/export.jsonl?lang=ar', { headers: { cookie } });
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /ndjson/);
      const lines = (await res.text())
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.deepEqual(
        lines.map((l) => l.id),
        [4, 2],
      );
      assert.equal(lines[1].citations[0].text, PASSAGE_AR);
      assert.equal(lines[0].reviewState, 'incorrect');
      assert.equal(lines[0].reviewedBy, 'bob');
      assert.equal(lines[0].follows, 'ماذا حدث في الميادين؟');
      assert.equal(lines[1].follows, null);
      assert.deepEqual(lines[0].reviewEvents, [
        {
          at: '2024-06-10T12:00:00.000Z',
          moderator: 'bob',
          fromState: 'unreviewed',
          toState: 'incorrect',
          note: 'wrong base',
        },
      ]);
      assert.deepEqual(lines[1].reviewEvents, []);
    });

    it('says which answers were asked on behalf of a chat, without its hash', async () => {
      const group = fx.log.hashChat(-100777);
      const at = new Date('2024-06-09T10:00:00.000Z');
      fx.log.record(
        entry(fx.log, { createdAt: at, chatType: 'supergroup', chatHash: group, askerChatHash: group }),
      );
      fx.log.record(
        entry(fx.log, {
          createdAt: at,
          chatType: 'supergroup',
          chatHash: group,
          askerChatHash: fx.log.hashChat(-1001),
        }),
      );
      const { csv, jsonl, header, cell, lines } = await bothExports(app, cookie);
      assert.ok(header.includes('asked_as'));
      assert.deepEqual(
        [6, 7, 1].map((id) => cell(id, 'asked_as')),
        ['group', 'channel', 'person'],
      );
      assert.deepEqual(
        lines.map((l) => [l.id, l.askedAs]),
        [
          [7, 'channel'],
          [6, 'group'],
          [5, 'person'],
          [4, 'person'],
          [3, 'person'],
          [2, 'person'],
          [1, 'person'],
        ],
      );
      for (const l of lines) assert.ok(!('askerChatHash' in l), 'pseudonymous ids stay out of exports');
      assert.ok(!jsonl.includes(group) && !csv.includes(group));
    });

    it('streams every matching row, past the read chunk size', async () => {
      fx.log.record({
        chatType: 'private',
        chatHash: null,
        userHash: 'u',
        language: 'en',
        question: 'x',
        answerText: 'y',
        abstained: false,
        topScore: 1,
        embedderId: 'e',
        indexVersion: 'v',
        latencyMs: 1,
        citations: [],
      });
      for (let i = 0; i < 1200; i++) {
        fx.log.record({
          createdAt: new Date(Date.UTC(2023, 0, 1, 0, 0, i % 3)),
          chatType: 'private',
          chatHash: null,
          userHash: 'u',
          language: 'en',
          question: `q${i}`,
          answerText: 'y',
          abstained: false,
          topScore: 1,
          embedderId: 'e',
          indexVersion: 'v',
          latencyMs: 1,
          citations: [],
        });
      }
      const text = await (await app.request('/export.jsonl', { headers: { cookie } })).text();
      const ids = text
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as { id: number }).id);
      assert.equal(ids.length, 1206);
      assert.equal(new Set(ids).size, 1206, 'no row twice across chunks with equal timestamps');
    });
  });
});

/**
 * The CSV and JSONL exports of everything, as a moderator downloads them: their texts, the CSV's header
 * and the cell of an answer's column, and the JSONL's records.
 */
async function bothExports(app: ReviewApp, cookie: string) {
  const csv = await (await app.request('/export.csv', { headers: { cookie } })).text();
  const [header = [], ...data] = parseCsv(csv.replace(/^\uFEFF/, ''));
  const cell = (id: number, column: string) =>
    data.find((r) => r[0] === String(id))?.[header.indexOf(column)];
  const jsonl = await (await app.request('/export.jsonl', { headers: { cookie } })).text();
  const lines = jsonl
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { csv, jsonl, header, cell, lines };
}
