import crypto from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import type { Config, ProxyHeader } from '../config.js';
import { REVIEW_STATES, type AnswerLog, type AnswerRecord, type ReviewState } from '../log/index.js';
import { LoginLimiter, Moderators, Sessions, loadSessionSecret, type Session } from './auth.js';
import { exportChunks, type ExportFormat } from './export.js';
import type { SafeHtml } from './html.js';
import {
  ERROR_PAGE,
  LOGIN,
  NOT_SAVED,
  PLAIN,
  badFilter,
  plainText,
  unreadableForwarding,
  type Bilingual,
  type ErrorPage,
  type NotSaved,
} from './messages.js';
import {
  detailPage,
  errorPage,
  type Draft,
  type Offered,
  loginPage,
  queuePage,
  type PageContext,
} from './pages.js';
import { originMatches } from './origin.js';
import { TrustedProxies, type ForwardingHeaders } from './proxy.js';
import { ReviewQueries, filterParams, parseFilters } from './query.js';

export interface ReviewServerDeps {
  log: AnswerLog;
  config: Config;
  /** Full text of an article of the current index, for highlighting citations; null when gone. */
  articleText?: (articleId: string) => string | null;
  /** Why the current index cannot be read (ArticleSource.problem), or null when it can. */
  indexProblem?: () => string | null;
  now?: () => Date;
  /** Where a word to the operator goes (a setting that looks wrong); console.warn by default. */
  warn?: (message: string) => void;
}

/** The review page as a Hono app; `close()` releases its read connection to the answer log. */
export type ReviewApp = Hono<ReviewEnv> & { close(): void };

/** `client`: the client's address, for the login limits (see clientAddress). */
type ReviewEnv = { Variables: { session: Session | null; client: string } };

export const SESSION_COOKIE = 'review_session';
export const LOGIN_CSRF_COOKIE = 'review_login_csrf';
const MAX_NOTE_CHARS = 2000;

/**
 * Only same-site paths, so `next` cannot send a moderator elsewhere after login. Read as a browser
 * reads a Location header (which drops tabs and newlines: "/\t/evil.example" is "//evil.example"), and
 * given back as the path it resolves to.
 */
function safeNext(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/')) return '/';
  const base = 'http://review.invalid';
  try {
    const url = new URL(next, base);
    return url.origin === base ? url.pathname + url.search + url.hash : '/';
  } catch {
    return '/';
  }
}

/** The address of the connection's other end. */
function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Requests made in-process (app.request in tests and benchmarks) have no socket.
    return 'local';
  }
}

/** The request's forwarding headers, believed only as TrustedProxies says. */
function forwarding(c: Context): ForwardingHeaders {
  return {
    forwarded: c.req.header('forwarded'),
    xForwardedFor: c.req.header('x-forwarded-for'),
    xForwardedProto: c.req.header('x-forwarded-proto'),
    xForwardedHost: c.req.header('x-forwarded-host'),
  };
}

/** The headers of REVIEW_PROXY_HEADER, as people write them. */
const HEADER_NAME: Record<ProxyHeader, string> = {
  'x-forwarded-for': 'X-Forwarded-For',
  forwarded: 'Forwarded',
};

/**
 * The client's address, for the login limits; null when the header a proxy writes it in cannot be
 * read (the request is then refused). Without REVIEW_TRUST_PROXY it is the socket's, and neither
 * X-Forwarded-For nor Forwarded is read: anyone could write them to get a fresh address per guess.
 * Behind a reverse proxy every client then has the proxy's address, and LoginLimiter's limit per name
 * and address becomes one per name: anyone who reaches the proxy can block a name for everyone with
 * 10 wrong tokens. With the proxy named there, the address it reports in the header
 * REVIEW_PROXY_HEADER names is used (TrustedProxies.clientAddress).
 */
function clientAddress(c: Context, proxies: TrustedProxies | null): string | null {
  const peer = peerAddress(c);
  return proxies ? proxies.clientAddress(peer, forwarding(c)) : peer;
}

/** Whether the browser's request came over https: to us, or to a proxy named in REVIEW_TRUST_PROXY. */
function isHttps(c: Context, proxies: TrustedProxies | null): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  return proxies?.forwardedHttps(peerAddress(c), forwarding(c)) ?? false;
}

/**
 * A cross-site POST is refused outright: browsers say where a request comes from. Origin is compared
 * with the Host the request came with, and also with the host a proxy named in REVIEW_TRUST_PROXY says
 * the browser asked for (X-Forwarded-Host, Forwarded: host=), for a proxy that does not pass Host on.
 * Believing that host from the proxy weakens nothing: the check stops a page on another site, and a
 * page cannot add those headers to a request to this one (they would need a CORS preflight, which this
 * page does not answer). They are compared as browsers compare origins (originMatches): a port that is
 * the scheme's default, or a host name's case, makes no difference; any other port or host does.
 */
function crossSite(c: Context, proxies: TrustedProxies | null): boolean {
  const site = c.req.header('sec-fetch-site');
  if (site && site !== 'same-origin' && site !== 'none') return true;
  const origin = c.req.header('origin');
  if (origin === undefined) return false;
  const hosts = [
    c.req.header('host') ?? new URL(c.req.url).host,
    ...(proxies?.forwardedHosts(peerAddress(c), forwarding(c)) ?? []),
  ];
  return !originMatches(origin, hosts);
}

export function createReviewServer(deps: ReviewServerDeps): ReviewApp {
  const now = deps.now ?? (() => new Date());
  const moderators = Moderators.fromConfig(deps.config);
  const sessions = new Sessions(
    loadSessionSecret(deps.config.REVIEW_SESSION_SECRET, deps.config.STATE_DIR),
    now,
    deps.log,
  );
  const limiter = new LoginLimiter(now);
  const proxies = deps.config.REVIEW_TRUST_PROXY
    ? new TrustedProxies(deps.config.REVIEW_TRUST_PROXY, deps.config.REVIEW_PROXY_HEADER)
    : null;
  const queries = new ReviewQueries(deps.log.file);
  const articleText = deps.articleText ?? (() => null);
  const warn = deps.warn ?? ((message: string) => console.warn(message));
  /** Whether the operator was told that the proxy writes the other header (said once). */
  let toldProxyHeader = false;

  const app = new Hono<ReviewEnv>();

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: 'same-origin',
      xContentTypeOptions: 'nosniff',
      xFrameOptions: 'DENY',
      strictTransportSecurity: false,
    }),
  );
  app.use(async (c, next) => {
    c.header('Cache-Control', 'no-store');
    if (proxies && !toldProxyHeader) {
      const other = proxies.otherHeaderOnly(peerAddress(c), forwarding(c));
      if (other) {
        toldProxyHeader = true;
        warn(
          `review: a request from the proxy ${peerAddress(c)} came with ${HEADER_NAME[other]} but no ` +
            `${HEADER_NAME[proxies.header]} (REVIEW_PROXY_HEADER=${proxies.header}), so every client ` +
            `behind it counts as the proxy for the login limits. If the proxy writes ${HEADER_NAME[other]}, ` +
            `set REVIEW_PROXY_HEADER=${other}.`,
        );
      }
    }
    // A proxy's header that names no address leaves the client unknown: refused, whatever the page,
    // rather than counted with the proxy or with everyone else whose header is broken.
    const client = clientAddress(c, proxies);
    if (client === null) {
      return c.text(plainText(unreadableForwarding(HEADER_NAME[proxies!.header])), 400);
    }
    c.set('client', client);
    if (c.req.method === 'POST') {
      if (crossSite(c, proxies)) return c.text(plainText(PLAIN.crossSite), 403);
    }
    const session = sessions.verify(getCookie(c, SESSION_COOKIE));
    // A moderator removed from the configuration, or given a new token, loses access at once.
    c.set('session', session && moderators.stamp(session.moderator) === session.stamp ? session : null);
    await next();
  });
  app.post('*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text(plainText(PLAIN.tooLarge), 413) }));

  const page = (c: Context, body: SafeHtml, status: 200 | 400 | 401 | 403 | 404 | 409 | 429 = 200) =>
    c.html(body.value, status);
  const ctxOf = (s: Session): PageContext & { csrf: string } => ({
    moderator: s.moderator,
    csrf: sessions.csrfToken(s),
  });
  const toLogin = (c: Context) => {
    const url = new URL(c.req.url);
    return c.redirect(`/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
  };

  /**
   * An answer's page, or null when there is no such answer. The queue's filters (`query`) ride along so
   * "back" returns to the same view; bad ones are just dropped. A `draft` is a review not saved (see
   * offer).
   */
  const detail = (
    s: Session,
    id: number | null,
    query: Record<string, string>,
    draft?: (a: AnswerRecord) => Offered,
  ): SafeHtml | null => {
    const a = id === null ? undefined : deps.log.get(id);
    if (id === null || !a) return null;
    const { saved, ...rest } = query;
    const parsed = parseFilters(rest);
    const keep = parsed.ok ? filterParams(parsed.filters, parsed.page).toString() : '';
    const next = queries.nextAfter(parsed.ok ? parsed.filters : {}, a);
    return detailPage(ctxOf(s), a, deps.log.reviewEvents(id), articleText, {
      indexProblem: deps.indexProblem?.() ?? null,
      back: keep ? `/?${keep}` : '/',
      next: next === null ? null : `/answers/${next}${keep ? `?${keep}` : ''}`,
      self: `/answers/${id}/review${keep ? `?${keep}` : ''}`,
      saved: saved === '1',
      draft: draft?.(a),
    });
  };

  /**
   * A review that was not saved, offered again on its answer's page. A verdict goes back into the
   * verdict form, with `verdict` as why. A take-back (state 'unreviewed') is no verdict: its reason goes
   * back into the "Return to unreviewed" form, to be pressed again, and the message says so after
   * `cause` (or that nothing is left to take back, when the answer has no verdict by now).
   */
  const offer =
    (written: { state: string; note: string }, why: NotSaved) =>
    (a: AnswerRecord): Offered =>
      written.state !== 'unreviewed'
        ? { ...written, why: why.verdict }
        : { ...written, why: NOT_SAVED.takeBack(why.cause, a.reviewState !== 'unreviewed') };
  const failed = (c: Context, s: Session, e: ErrorPage, status: 400 | 404) =>
    page(c, errorPage(ctxOf(s), e.title, e.message), status);
  const notFound = (c: Context, s: Session) => failed(c, s, ERROR_PAGE.noSuchAnswer, 404);

  const showLogin = (
    c: Context,
    next: string,
    status: 200 | 401 | 403 | 429,
    error?: Bilingual,
    name?: string,
    draft?: Draft,
  ) => {
    const csrf = crypto.randomBytes(24).toString('base64url');
    setCookie(c, LOGIN_CSRF_COOKIE, csrf, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/login',
      secure: isHttps(c, proxies),
      maxAge: 3600,
    });
    return page(c, loginPage({ csrf, next, error, name, draft }), status);
  };

  app.get('/login', (c) => {
    if (c.get('session')) return c.redirect(safeNext(c.req.query('next')), 302);
    return showLogin(c, safeNext(c.req.query('next')), 200);
  });

  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(form.next);
    const ip = c.get('client');
    const name = typeof form.name === 'string' ? form.name.trim() : '';
    // A review the moderator wrote when their session ended (see the review action) rides along, on
    // every login page this post answers with, until a login succeeds.
    const draftId = typeof form.draft_answer === 'string' && /^\d{1,15}$/.test(form.draft_answer);
    const draft = draftId
      ? {
          answerId: Number(form.draft_answer),
          state: typeof form.draft_state === 'string' ? form.draft_state : '',
          note: typeof form.draft_note === 'string' ? form.draft_note.slice(0, MAX_NOTE_CHARS) : '',
        }
      : undefined;
    const block = limiter.blocked(ip, name);
    if (block) {
      const wait = block.retryAfterMs;
      c.header('Retry-After', String(Math.ceil(wait / 1000)));
      return showLogin(c, next, 429, LOGIN.tooMany(block.by, Math.ceil(wait / 60_000)), name, draft);
    }
    // Double-submit: the form's token must equal the cookie set with the form.
    const cookie = getCookie(c, LOGIN_CSRF_COOKIE);
    const sent = form._csrf;
    if (
      !cookie ||
      typeof sent !== 'string' ||
      sent.length !== cookie.length ||
      !crypto.timingSafeEqual(Buffer.from(sent), Buffer.from(cookie))
    ) {
      return showLogin(c, next, 403, LOGIN.expired, name, draft);
    }
    const token = typeof form.token === 'string' ? form.token : '';
    if (!moderators.verify(name, token)) {
      limiter.fail(ip, name);
      return showLogin(c, next, 401, LOGIN.wrong, name, draft);
    }
    limiter.succeed(ip, name);
    const { value, session } = sessions.issue(name, moderators.stamp(name)!);
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: '/login' });
    setCookie(c, SESSION_COOKIE, value, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      secure: isHttps(c, proxies),
      maxAge: Math.floor((session.exp - now().getTime()) / 1000),
    });
    // The answer's page as it was opened, with the queue's filters `next` carries (see the review).
    const view = Object.fromEntries(new URL(next, 'http://review.invalid').searchParams);
    const offered = draft && detail(session, draft.answerId, view, offer(draft, NOT_SAVED.afterLogin));
    return offered ? page(c, offered) : c.redirect(next, 303);
  });

  app.post('/logout', async (c) => {
    const s = c.get('session');
    if (!s) return c.redirect('/login', 303);
    const form = await c.req.parseBody();
    if (!sessions.checkCsrf(s, form._csrf)) return c.text(plainText(PLAIN.badCsrf), 403);
    sessions.revoke(s);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });

  app.get('/', (c) => {
    const s = c.get('session');
    if (!s) return toLogin(c);
    const parsed = parseFilters(c.req.query());
    if (!parsed.ok) {
      return page(
        c,
        queuePage(ctxOf(s), parsed.kept, 1, { rows: [], hasMore: false }, badFilter(parsed.message)),
        400,
      );
    }
    return page(
      c,
      queuePage(ctxOf(s), parsed.filters, parsed.page, queries.queue(parsed.filters, parsed.page)),
    );
  });

  const answerId = (c: Context): number | null => {
    const id = c.req.param('id') ?? '';
    return /^\d{1,15}$/.test(id) ? Number(id) : null;
  };

  app.get('/answers/:id', (c) => {
    const s = c.get('session');
    if (!s) return toLogin(c);
    const body = detail(s, answerId(c), c.req.query());
    return body ? page(c, body) : notFound(c, s);
  });

  app.post('/answers/:id/review', async (c) => {
    const s = c.get('session');
    const form = await c.req.parseBody();
    const id = answerId(c);
    const text = (v: unknown) => (typeof v === 'string' ? v : '');
    const written = { state: text(form.state), note: text(form.note).slice(0, MAX_NOTE_CHARS) };
    if (!s) {
      // The session ended while the moderator wrote: log in again, then get the review back to save.
      // With the queue's view it was opened from (its filters), which the answer's links keep.
      const search = new URL(c.req.url).search;
      const back = `/answers/${id ?? ''}${search}`;
      return showLogin(
        c,
        back,
        401,
        LOGIN.sessionEnded(written.state === 'unreviewed'),
        undefined,
        id === null ? undefined : { answerId: id, ...written },
      );
    }
    if (!sessions.checkCsrf(s, form._csrf)) {
      const body = detail(s, id, c.req.query(), offer(written, NOT_SAVED.earlierSession));
      return body ? page(c, body, 403) : c.text(plainText(PLAIN.badCsrf), 403);
    }
    // A verdict, or 'unreviewed' to take one back (the page's "Return to unreviewed" button).
    const state = form.state;
    if (typeof state !== 'string' || !(REVIEW_STATES as readonly string[]).includes(state)) {
      return failed(c, s, ERROR_PAGE.badState, 400);
    }
    const note = typeof form.note === 'string' ? form.note.trim() : '';
    if (note.length > MAX_NOTE_CHARS) {
      return failed(c, s, ERROR_PAGE.noteTooLong(MAX_NOTE_CHARS), 400);
    }
    // The review the page showed: someone else's since then is not overwritten unseen.
    const seen = typeof form.seen === 'string' ? form.seen || null : undefined;
    const result =
      id === null
        ? 'not-found'
        : deps.log.setReview(id, s.moderator, state as ReviewState, note || null, seen);
    if (result === 'not-found') return notFound(c, s);
    if (result === 'changed') {
      // The latest change of the audit trail: a verdict taken back leaves no reviewer on the answer.
      // None when the review was written without one (by hand in the database): then say less.
      const last = deps.log.reviewEvents(id!).at(-1);
      const body = detail(s, id, c.req.query(), offer(written, NOT_SAVED.changed(last)))!;
      return page(c, body, 409);
    }
    const parsed = parseFilters(c.req.query());
    const keep = parsed.ok ? filterParams(parsed.filters, parsed.page) : new URLSearchParams();
    keep.set('saved', '1');
    return c.redirect(`/answers/${id}?${keep.toString()}`, 303);
  });

  const exporter = (format: ExportFormat) => (c: Context<ReviewEnv>) => {
    if (!c.get('session')) {
      // A moderator's browser (its session ended while the queue was open) is sent to log in, and
      // then on to the export; a script is told why it got nothing.
      if (c.req.header('accept')?.includes('text/html')) return toLogin(c);
      return c.text(plainText(PLAIN.logInFirst), 401);
    }
    const parsed = parseFilters(c.req.query());
    if (!parsed.ok) return c.text(plainText(badFilter(parsed.message)), 400);
    const chunks = exportChunks(format, queries.exportRows(parsed.filters));
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      // Rows are read in batches as the client takes them, so a large export is never held whole.
      pull(controller) {
        let batch = '';
        for (let r = chunks.next(); ; r = chunks.next()) {
          if (r.done) {
            if (batch) controller.enqueue(encoder.encode(batch));
            controller.close();
            return;
          }
          batch += r.value;
          if (batch.length >= 64 * 1024) break;
        }
        controller.enqueue(encoder.encode(batch));
      },
      cancel() {
        chunks.return(undefined);
      },
    });
    const stamp = now().toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
    return c.body(body, 200, {
      'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
      'Content-Disposition': `attachment; filename="answers-${stamp}.${format}"`,
    });
  };
  app.get('/export.csv', exporter('csv'));
  app.get('/export.jsonl', exporter('jsonl'));

  app.notFound((c) => {
    const s = c.get('session');
    return s ? failed(c, s, ERROR_PAGE.noSuchPage, 404) : c.text(plainText(PLAIN.notFound), 404);
  });
  app.onError((err, c) => {
    console.error('review: request failed', err);
    return c.text(plainText(PLAIN.failed), 500);
  });

  return Object.assign(app, { close: () => queries.close() });
}
