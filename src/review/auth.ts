import crypto from 'node:crypto';
import type { Config } from '../config.js';
import { loadOrCreateSecret } from '../log/secret.js';

/** A setting that stops the review page from starting; the message names the setting. */
export class ReviewConfigError extends Error {
  override name = 'ReviewConfigError';
}

const NAME = /^[\p{L}\p{N}_.-]{1,64}$/u;
/** What a moderator's name may be: letters, digits, _ . - only, at most 64. */
export const NAME_RULE = 'letters, digits, _ . - only; at most 64';

/** Whether `name` has the form of a moderator's name (as REVIEW_MODERATORS requires). */
export function isModeratorName(name: string): boolean {
  return NAME.test(name);
}
export const MIN_TOKEN_LENGTH = 8;

const sha256 = (s: string) => crypto.createHash('sha256').update(s, 'utf8').digest();

/** Moderator accounts from REVIEW_MODERATORS (`alice:token,bob:token`); tokens are kept only as hashes. */
export class Moderators {
  private readonly byName = new Map<string, Buffer>();
  /** Moderators.stamp of each, made once: every request checks its session's. */
  private readonly stamps = new Map<string, string>();
  // Compared against when the name is unknown, so a wrong name takes as long as a wrong token.
  private readonly decoy = sha256(crypto.randomBytes(32).toString('hex'));

  constructor(pairs: readonly { name: string; token: string }[]) {
    for (const { name, token } of pairs) {
      const hash = sha256(token);
      this.byName.set(name, hash);
      this.stamps.set(name, crypto.createHash('sha256').update(hash).digest('base64url').slice(0, 16));
    }
  }

  static parse(spec: string | undefined): Moderators {
    const pairs: { name: string; token: string }[] = [];
    const seen = new Set<string>();
    for (const item of (spec ?? '').split(',')) {
      const entry = item.trim();
      if (!entry) continue;
      const colon = entry.indexOf(':');
      const name = colon < 0 ? entry : entry.slice(0, colon).trim();
      const token = colon < 0 ? '' : entry.slice(colon + 1).trim();
      if (!NAME.test(name)) {
        throw new ReviewConfigError(`REVIEW_MODERATORS: "${name}" is not a usable name (${NAME_RULE})`);
      }
      if (token.length < MIN_TOKEN_LENGTH) {
        throw new ReviewConfigError(
          `REVIEW_MODERATORS: the token of "${name}" must be at least ${MIN_TOKEN_LENGTH} characters (write name:token)`,
        );
      }
      if (seen.has(name)) throw new ReviewConfigError(`REVIEW_MODERATORS: "${name}" is listed twice`);
      seen.add(name);
      pairs.push({ name, token });
    }
    return new Moderators(pairs);
  }

  /** The configured moderators, or an error saying how to configure them. */
  static fromConfig(config: Config): Moderators {
    const m = Moderators.parse(config.REVIEW_MODERATORS);
    if (m.names().length === 0) {
      throw new ReviewConfigError(
        'No moderators configured: set REVIEW_MODERATORS to comma-separated name:token pairs, ' +
          'e.g. REVIEW_MODERATORS=alice:<long random token> (generate one with `openssl rand -hex 24`).',
      );
    }
    return m;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /**
   * What a session keeps of the token it was opened with: a hash of its hash, so that a new token in
   * REVIEW_MODERATORS ends the sessions opened with the old one. Undefined for an unknown name.
   */
  stamp(name: string): string | undefined {
    return this.stamps.get(name);
  }

  /** Whether `token` is the moderator's token, in constant time (hashes of equal length are compared). */
  verify(name: string, token: string): boolean {
    const expected = this.byName.get(name);
    const ok = crypto.timingSafeEqual(sha256(token), expected ?? this.decoy);
    return ok && expected !== undefined;
  }
}

export const SESSION_SECRET_FILE = 'review-session-secret';

/** REVIEW_SESSION_SECRET, else a random secret made once and kept in `stateDir` (mode 0600). */
export function loadSessionSecret(configured: string | undefined, stateDir: string): string {
  try {
    return loadOrCreateSecret(configured, stateDir, SESSION_SECRET_FILE);
  } catch (err) {
    throw new ReviewConfigError((err as Error).message, { cause: err });
  }
}

export interface Session {
  moderator: string;
  /** Random id: what the CSRF token is bound to and what logout revokes. */
  sid: string;
  /** Expiry, ms since the epoch. */
  exp: number;
  /** The moderator's token when the session was opened (Moderators.stamp). */
  stamp: string;
}

/** Where logged-out sessions are kept until they would have expired (the answer log). */
export interface Logouts {
  hasLogout(sid: string): boolean;
  addLogout(sid: string, exp: number): void;
}

export const SESSION_TTL_MS = 12 * 3_600_000;

function equalText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}

/** Signed, self-contained session cookies (HMAC-SHA256) and the CSRF tokens that go with them. */
export class Sessions {
  constructor(
    private readonly secret: string,
    private readonly now: () => Date,
    private readonly logouts: Logouts,
    private readonly ttlMs = SESSION_TTL_MS,
  ) {}

  private mac(purpose: string, value: string): string {
    return crypto.createHmac('sha256', this.secret).update(`${purpose}:${value}`).digest('base64url');
  }

  issue(moderator: string, stamp: string): { value: string; session: Session } {
    const session: Session = {
      moderator,
      sid: crypto.randomBytes(16).toString('base64url'),
      exp: this.now().getTime() + this.ttlMs,
      stamp,
    };
    const payload = Buffer.from(
      JSON.stringify({ m: session.moderator, s: session.sid, e: session.exp, t: stamp }),
    ).toString('base64url');
    return { value: `${payload}.${this.mac('session', payload)}`, session };
  }

  /** The session in a cookie value, or null when it is forged, expired or logged out. */
  verify(value: string | undefined): Session | null {
    if (!value) return null;
    const dot = value.indexOf('.');
    if (dot < 0) return null;
    const payload = value.slice(0, dot);
    if (!equalText(value.slice(dot + 1), this.mac('session', payload))) return null;
    let data: unknown;
    try {
      data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    const { m, s, e, t } = (data ?? {}) as { m?: unknown; s?: unknown; e?: unknown; t?: unknown };
    if (typeof m !== 'string' || typeof s !== 'string' || typeof e !== 'number' || typeof t !== 'string') {
      return null;
    }
    if (e <= this.now().getTime() || this.logouts.hasLogout(s)) return null;
    return { moderator: m, sid: s, exp: e, stamp: t };
  }

  revoke(session: Session): void {
    this.logouts.addLogout(session.sid, session.exp);
  }

  /** Synchronizer token for the forms of one session. */
  csrfToken(session: Session): string {
    return this.mac('csrf', session.sid);
  }

  checkCsrf(session: Session, token: unknown): boolean {
    return typeof token === 'string' && equalText(token, this.csrfToken(session));
  }
}

/**
 * Failed logins per key, in a window from the key's first failure. Entries are kept in the order
 * their windows began (a window that starts again moves its entry to the end), so the expired ones
 * are the first and each failure sweeps them away at little cost: memory holds only the keys that
 * failed in the last window.
 */
class FailureCounter {
  private readonly failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Milliseconds until `key` may try again, 0 when it may now. */
  retryAfter(key: string, t: number): number {
    const f = this.failures.get(key);
    if (!f) return 0;
    const left = f.since + this.windowMs - t;
    if (left <= 0) {
      this.failures.delete(key);
      return 0;
    }
    return f.count >= this.max ? left : 0;
  }

  fail(key: string, t: number): void {
    for (const [k, v] of this.failures) {
      if (v.since + this.windowMs > t) break;
      this.failures.delete(k);
    }
    const f = this.failures.get(key);
    if (f && f.since + this.windowMs > t) {
      f.count++;
      return;
    }
    this.failures.delete(key);
    this.failures.set(key, { count: 1, since: t });
  }

  clear(key: string): void {
    this.failures.delete(key);
  }

  get size(): number {
    return this.failures.size;
  }
}

/** Why a login is refused for now, and for how long. */
export interface LoginBlock {
  /**
   * `here`: too many failures for this name from this client; `name`: for this name from all
   * addresses together; `address`: from this client, whatever the names.
   */
  by: 'here' | 'name' | 'address';
  retryAfterMs: number;
}

/**
 * Counts failed logins three ways, each in a window of 10 minutes (by default) from the first failure:
 *
 * - per name and address (10): a moderator's typos block that name from that address only. This is
 *   the limit a person meets; a stranger who fails ten times for `alice` blocks only themselves, not
 *   alice at her own address.
 * - per name, all addresses together (100): the cap on guessing one moderator's token from many
 *   addresses. It blocks the name everywhere, even with the right token, so it can still lock a
 *   moderator out: that is the trade-off. It now takes 100 failures in the window, which needs many
 *   addresses (each may fail only 10 times for one name), instead of the 10 that anyone could send
 *   from one address for every name. A moderator's own login does not reset it (it says nothing of
 *   the others' guesses); their typos count towards it only a little.
 * - per address (50): one client trying many names is slowed. Moderators behind one proxy share an
 *   address, so this stays higher than the limit per name and address.
 *
 * Names are counted whether or not they exist, so that a block tells nothing of which do.
 */
export class LoginLimiter {
  private readonly here: FailureCounter;
  private readonly byName: FailureCounter;
  private readonly byAddress: FailureCounter;

  constructor(
    private readonly now: () => Date,
    limits: { perNameAndAddress?: number; perName?: number; perAddress?: number; windowMs?: number } = {},
  ) {
    const windowMs = limits.windowMs ?? 10 * 60_000;
    this.here = new FailureCounter(limits.perNameAndAddress ?? 10, windowMs);
    this.byName = new FailureCounter(limits.perName ?? 100, windowMs);
    this.byAddress = new FailureCounter(limits.perAddress ?? 50, windowMs);
  }

  /** A name longer than any moderator's is one key, however long: memory stays bounded. */
  private static nameKey(name: string): string {
    return name.slice(0, 65);
  }

  /** An address never holds a space, so the first one ends it. */
  private static hereKey(ip: string, name: string): string {
    return `${ip} ${LoginLimiter.nameKey(name)}`;
  }

  /** Why `name` may not try from `ip` now, or null when it may. */
  blocked(ip: string, name: string): LoginBlock | null {
    const t = this.now().getTime();
    const waits: LoginBlock[] = [
      { by: 'here', retryAfterMs: this.here.retryAfter(LoginLimiter.hereKey(ip, name), t) },
      { by: 'name', retryAfterMs: this.byName.retryAfter(LoginLimiter.nameKey(name), t) },
      { by: 'address', retryAfterMs: this.byAddress.retryAfter(ip, t) },
    ];
    const longest = waits.reduce((a, b) => (b.retryAfterMs > a.retryAfterMs ? b : a));
    return longest.retryAfterMs > 0 ? longest : null;
  }

  fail(ip: string, name: string): void {
    const t = this.now().getTime();
    this.here.fail(LoginLimiter.hereKey(ip, name), t);
    this.byName.fail(LoginLimiter.nameKey(name), t);
    this.byAddress.fail(ip, t);
  }

  succeed(ip: string, name: string): void {
    this.here.clear(LoginLimiter.hereKey(ip, name));
    this.byAddress.clear(ip);
  }

  /** How many keys are held, for checking that memory stays bounded. */
  get size(): number {
    return this.here.size + this.byName.size + this.byAddress.size;
  }
}
