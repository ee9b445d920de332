import fs from 'node:fs';
import type { Citation } from '../../src/answer/types.js';
import { loadConfig, type Config } from '../../src/config.js';
import { AnswerLog, type LogEntry } from '../../src/log/index.js';
import type { ReviewApp } from '../../src/review/index.js';
import { tmpDir } from '../helpers/tmp.js';

export const ALICE = { name: 'alice', token: 'alice-token-123' };
export const BOB = { name: 'bob', token: 'bob-token-4567' };

/** A passage of a seed article, verbatim, and the article around it (offsets index into ARTICLE_AR). */
export const PASSAGE_AR =
  'استهدفت ثمانية صواريخ محيط قاعدة التحالف الدولي المتواجدة بحقل العمر النفطي صباح اليوم، وفق مصادر من التحالف لشبكة دير الزور24 المحلية.';
export const BEFORE_AR = 'قال مصدر محلي إن المنطقة شهدت توترًا أمنيًا. ';
export const AFTER_AR = ' ولم تسفر الضربات عن وقوع ضحايا.';
export const ARTICLE_AR = BEFORE_AR + PASSAGE_AR + AFTER_AR;
export const ARTICLE_ID = '001_ac5e62f6193e386d';

export function citation(over: Partial<Citation> = {}): Citation {
  return {
    n: 1,
    articleId: ARTICLE_ID,
    title: 'استهداف قاعدة التحالف بحقل العمر بالصواريخ دون وقوع ضحايا',
    source: 'دير الزور 24',
    published: '2022-01-05',
    publishedPrecision: 'day',
    url: 'https://example.org/omar',
    text: PASSAGE_AR,
    start: BEFORE_AR.length,
    end: BEFORE_AR.length + PASSAGE_AR.length,
    score: 0.71,
    alsoIn: [],
    ...over,
  };
}

export function entry(log: AnswerLog, over: Partial<LogEntry>): LogEntry {
  return {
    chatType: 'private',
    chatHash: log.hashChat(1),
    userHash: log.hashUser(1),
    language: 'en',
    question: 'q',
    answerText: 'a',
    abstained: false,
    topScore: 0.5,
    embedderId: 'lexical-384',
    indexVersion: 'gen-20240101',
    latencyMs: 42.5,
    citations: [],
    ...over,
  };
}

/**
 * Five answers with known properties, ids 1..5 in time order:
 *  1 en 👍 0.82 correct (bob)            "rockets"
 *  2 ar 👎 0.35 unreviewed, cites ARTICLE_AR
 *  3 en 👎 abstained 0.05 unreviewed, question starts with "=" (CSV formula), set ARTICLE_AR aside
 *  4 ar no feedback 0.60 incorrect (bob)
 *  5 en no feedback, no score, question with <script>
 */
export function seed(log: AnswerLog): void {
  const day = (d: number) => new Date(Date.UTC(2024, 5, d, 10, 0, 0));
  log.record(
    entry(log, {
      createdAt: day(1),
      question: 'Which base was hit by eight rockets?',
      answerText: 'Eight rockets hit the coalition base at the Omar field [1].',
      topScore: 0.82,
      citations: [citation()],
    }),
  );
  log.record(
    entry(log, {
      createdAt: day(2),
      language: 'ar',
      question: 'ما القاعدة التي استهدفت بثمانية صواريخ؟',
      answerText: 'استهدفت ثمانية صواريخ محيط قاعدة التحالف في حقل العمر [1].',
      topScore: 0.35,
      citations: [citation()],
    }),
  );
  log.record(
    entry(log, {
      createdAt: day(3),
      question: '=SUM(1,2) who won the football match?',
      answerText: 'The articles do not cover this.',
      abstained: true,
      topScore: 0.05,
      // What it set aside: logged for moderators, not shown.
      considered: [citation({ score: 0.05 })],
    }),
  );
  log.record(
    entry(log, {
      createdAt: day(4),
      language: 'ar',
      question: 'من قصف مستودع الأسلحة في الميادين؟',
      // A reply to an earlier answer, read as a follow-up of its question.
      follows: 'ماذا حدث في الميادين؟',
      answerText: 'غارات جوية للتحالف الدولي [1].',
      topScore: 0.6,
      citations: [
        citation({ articleId: 'gone-article', text: 'غارات جوية للتحالف الدولي', start: 10, end: 35 }),
      ],
    }),
  );
  log.record(
    entry(log, {
      createdAt: day(5),
      question: '<script>alert("x")</script> drone attack?',
      answerText: 'A drone <b>struck</b> a base.',
      topScore: Number.NaN,
    }),
  );
  const user = log.hashUser(1);
  log.setFeedback(1, user, 'up');
  log.setFeedback(2, user, 'down');
  log.setFeedback(3, user, 'down');
  log.setReview(1, 'bob', 'correct', null);
  log.setReview(4, 'bob', 'incorrect', 'wrong base');
}

export interface Fixture {
  dir: string;
  config: Config;
  log: AnswerLog;
  clock: { now: Date };
  cleanup(): void;
}

export function fixture(env: Record<string, string> = {}): Fixture {
  const dir = tmpDir('review-');
  const clock = { now: new Date('2024-06-10T12:00:00.000Z') };
  const config = loadConfig({
    STATE_DIR: dir,
    REVIEW_MODERATORS: `${ALICE.name}:${ALICE.token},${BOB.name}:${BOB.token}`,
    ...env,
  });
  const log = AnswerLog.fromConfig(config, () => clock.now);
  return {
    dir,
    config,
    log,
    clock,
    cleanup() {
      log.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Value of cookie `name` among Set-Cookie headers, with its attributes. */
export function setCookie(res: Response, name: string): { value: string; attrs: string } | undefined {
  for (const line of res.headers.getSetCookie()) {
    const [pair = '', ...attrs] = line.split(';');
    const eq = pair.indexOf('=');
    if (pair.slice(0, eq).trim() === name) return { value: pair.slice(eq + 1), attrs: attrs.join(';') };
  }
  return undefined;
}

export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
export const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

export function csrfIn(page: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!m?.[1]) throw new Error('no CSRF field in the page');
  return m[1];
}

/** Text of the escaped markup `s`, as a browser shows it. */
export const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/**
 * The message of the first `role="alert"` paragraph of `page`: its English, and its Arabic (the span
 * in lang="ar" that pages.ts puts beside it), or undefined when it has none. Throws without an alert.
 */
export function alertIn(page: string): { en: string; ar: string | undefined } {
  const m = /<p class="error[^"]*" role="alert">([\s\S]*?)<\/p>/.exec(page);
  if (!m) throw new Error('no alert in the page');
  const body = m[1] ?? '';
  const ar = /<span class="ar" lang="ar" dir="rtl">([\s\S]*?)<\/span>/.exec(body);
  return {
    en: unescapeHtml((ar ? body.slice(0, ar.index) : body).trim()),
    ar: ar ? unescapeHtml(ar[1] ?? '') : undefined,
  };
}

/** The text of the page's <title>, as a browser shows it in its tab. */
export function titleIn(page: string): string {
  const m = /<title>([^<]*)<\/title>/.exec(page);
  if (!m) throw new Error('no title in the page');
  return unescapeHtml(m[1] ?? '');
}

/** Log in through the form; returns the session cookie header and the page's CSRF token. */
export async function login(app: ReviewApp, who = ALICE): Promise<{ cookie: string; csrf: string }> {
  const loginPage = await app.request('/login');
  const loginCsrf = setCookie(loginPage, 'review_login_csrf')?.value ?? '';
  const res = await app.request('/login', {
    method: 'POST',
    headers: { ...FORM, cookie: `review_login_csrf=${loginCsrf}` },
    body: form({ _csrf: csrfIn(await loginPage.text()), name: who.name, token: who.token, next: '/' }),
  });
  const session = setCookie(res, 'review_session');
  if (res.status !== 303 || !session) throw new Error(`login failed: ${res.status}`);
  const cookie = `review_session=${session.value}`;
  const queue = await app.request('/', { headers: { cookie } });
  return { cookie, csrf: csrfIn(await queue.text()) };
}

/** Answer ids of the queue rows, in page order. */
export function idsIn(page: string): number[] {
  return [...page.matchAll(/<td><a href="\/answers\/(\d+)[^"]*"[^>]*>#\d+<\/a><\/td>/g)].map((m) =>
    Number(m[1]),
  );
}

/** RFC 4180 parser, enough to read the export back. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

/**
 * The Arabic texts of `page` that a screen reader would take for English: those not inside an element
 * marked lang="ar" (the page itself is lang="en"). The <title> and an <option> hold text only, so no
 * part of theirs can be marked: they are left out, as is the style sheet.
 */
export function arabicNotMarked(page: string): string[] {
  const VOID = new Set(['meta', 'input', 'br', 'img', 'link', 'hr']);
  const TEXT_ONLY = new Set(['title', 'option', 'style']);
  const open: { tag: string; lang: string | undefined }[] = [];
  const found: string[] = [];
  for (const m of page.matchAll(/<(\/?)([a-zA-Z0-9]+)([^>]*)>|([^<]+)/g)) {
    const [, closing, tag = '', attrs = '', text] = m;
    if (text !== undefined) {
      if (!/[\u0621-\u064a]/.test(text) || open.some((e) => TEXT_ONLY.has(e.tag))) continue;
      const lang = open.findLast((e) => e.lang !== undefined)?.lang;
      if (lang !== 'ar') found.push(unescapeHtml(text.trim()));
    } else if (closing) {
      const at = open.findLastIndex((e) => e.tag === tag.toLowerCase());
      if (at >= 0) open.length = at;
    } else if (!VOID.has(tag.toLowerCase()) && !attrs.endsWith('/')) {
      open.push({ tag: tag.toLowerCase(), lang: /\slang="([^"]*)"/.exec(attrs)?.[1] });
    }
  }
  return found;
}
