import Database from 'better-sqlite3';
import { z } from 'zod';
import type { Language } from '../corpus/types.js';
import {
  REVIEW_STATES,
  answerFromRow,
  askedAs,
  type AnswerRecord,
  type AskedAs,
  type AnswerRow,
  type CitationRow,
  type Feedback,
  reviewEventOf,
  type ReviewEvent,
  type ReviewEventRow,
  type ReviewState,
} from '../log/index.js';
import { searchMatch } from '../log/search-text.js';
import { statementCache } from '../sqlite.js';
import { AR_CHARACTERS, counted } from '../text/plural.js';
import type { Bilingual } from './messages.js';

/** Filters of the review queue, shared by the page, the exports and the command line. */
export interface Filters {
  feedback?: 'down' | 'up' | 'none';
  abstained?: boolean;
  /** Low retrieval score: answers whose top score is at most this (or missing). */
  maxScore?: number;
  lang?: Language;
  /** Inclusive UTC days, YYYY-MM-DD. */
  from?: string;
  to?: string;
  state?: ReviewState;
  q?: string;
  /** Answers Telegram refused to deliver (true), or those it delivered (false). */
  undelivered?: boolean;
  /**
   * The answers of one chat: that of the answer with this id (a private chat is one person; a group
   * that became a supergroup is both). By an answer rather than the chat's hash, which the page and
   * the exports never show.
   */
  chat?: number;
  /**
   * Which end of the queue comes first: newest (left out, the default) or oldest. Not a filter but
   * the view's order, kept with the filters by links, the next answer and the exports.
   */
  order?: 'oldest';
}

export const PAGE_SIZE = 50;
export const FILTER_KEYS = [
  'feedback',
  'abstained',
  'maxScore',
  'lang',
  'from',
  'to',
  'state',
  'q',
  'undelivered',
  'chat',
  'order',
] as const;

// HTML forms send empty fields for "any"; they mean "no filter".
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), schema.optional());

const MAX_Q_CHARS = 200;
const MAX_SCORE = 1000;
const MAX_PAGE = 100_000;

/** Words of the URL (names, values, formats) inside Arabic: a left-to-right isolate, U+2066 … U+2069. */
const ltr = (text: string) => `\u2066${text}\u2069`;
const oneOf = (values: readonly string[]): Bilingual => ({
  en: `must be ${values.slice(0, -1).join(', ')} or ${values.at(-1)}`,
  ar: `يجب أن تكون ${values.map(ltr).join(' أو ')}`,
});

/**
 * What a moderator is told of a bad value, by the parameter it is for, in English and Arabic. A date
 * can be wrong in two ways (DAY_ISSUES); the parameters are named as the URL names them.
 */
const FILTER_RULES: Record<string, Bilingual> = {
  feedback: oneOf(['down', 'up', 'none']),
  abstained: oneOf(['1', '0']),
  undelivered: oneOf(['1', '0']),
  maxScore: { en: `must be a number from 0 to ${MAX_SCORE}`, ar: `يجب أن تكون عددًا من 0 إلى ${MAX_SCORE}` },
  lang: oneOf(['ar', 'en']),
  state: oneOf(REVIEW_STATES),
  order: oneOf(['newest', 'oldest']),
  chat: { en: 'must be an answer’s number', ar: 'يجب أن يكون رقم إجابة' },
  q: {
    en: `at most ${MAX_Q_CHARS} characters`,
    ar: `لا تزيد على ${counted('ar', MAX_Q_CHARS, AR_CHARACTERS)}`,
  },
  page: {
    en: `must be a whole number from 1 to ${MAX_PAGE}`,
    ar: `يجب أن تكون عددًا صحيحًا من 1 إلى ${MAX_PAGE}`,
  },
};

/** The ways a date filter can be wrong, by the message its check gives zod. */
const DAY_ISSUES = {
  format: { en: 'use a date as YYYY-MM-DD', ar: `اكتب التاريخ بالصيغة ${ltr('YYYY-MM-DD')}` },
  real: { en: 'not a real date', ar: 'ليس تاريخًا موجودًا في التقويم' },
  order: { en: '"from" is after "to"', ar: `تاريخ ${ltr('from')} بعد تاريخ ${ltr('to')}` },
} as const satisfies Record<string, Bilingual>;

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, DAY_ISSUES.format.en)
  .refine(
    (d) =>
      !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
    DAY_ISSUES.real.en,
  );

const querySchema = z
  .strictObject({
    feedback: optional(z.enum(['down', 'up', 'none'])),
    abstained: optional(z.enum(['1', '0']).transform((v) => v === '1')),
    maxScore: optional(z.coerce.number().min(0).max(MAX_SCORE)),
    lang: optional(z.enum(['ar', 'en'])),
    from: optional(day),
    to: optional(day),
    state: optional(z.enum(REVIEW_STATES)),
    q: optional(z.string().trim().max(MAX_Q_CHARS)),
    undelivered: optional(z.enum(['1', '0']).transform((v) => v === '1')),
    chat: optional(z.coerce.number().int().min(1).max(999_999_999_999_999)),
    // Newest first is the default, so it is left out of the filters (and of the links they make).
    order: optional(z.enum(['newest', 'oldest']).transform((v) => (v === 'oldest' ? v : undefined))),
    page: optional(z.coerce.number().int().min(1).max(MAX_PAGE)),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: DAY_ISSUES.order.en, path: ['from'] });

/** One problem of the query, in both languages, led by the parameter it is about. */
function describeIssue(issue: z.core.$ZodIssue): Bilingual {
  if (issue.code === 'unrecognized_keys') {
    const many = issue.keys.length > 1;
    return {
      en: `unknown parameter${many ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`,
      ar: `${many ? 'معاملات غير معروفة' : 'معامل غير معروف'}: ${issue.keys.map(ltr).join('، ')}`,
    };
  }
  const name = issue.path.join('.');
  const day = Object.values(DAY_ISSUES).find((d) => d.en === issue.message);
  const rule = day ?? FILTER_RULES[name] ?? { en: issue.message, ar: issue.message };
  return name ? { en: `${name}: ${rule.en}`, ar: `${ltr(name)}: ${rule.ar}` } : rule;
}

export type ParseResult =
  | { ok: true; filters: Filters; page: number }
  /**
   * `message`: what is wrong, in English and Arabic, naming the parameters. `kept`: the other filters,
   * which were good, so a page can keep them while it says what was wrong.
   */
  | { ok: false; message: Bilingual; kept: Filters };

/** Validate query parameters (all strings, as in a URL); a bad value gives a message naming it. */
export function parseFilters(params: Record<string, string | undefined>): ParseResult {
  const parsed = querySchema.safeParse(params);
  if (!parsed.success) {
    // One problem per parameter: a date that is not written as one is not also said to be no date.
    const first = new Map<string, z.core.$ZodIssue>();
    for (const i of parsed.error.issues) if (!first.has(i.path.join('.'))) first.set(i.path.join('.'), i);
    const issues = [...first.values()].map(describeIssue);
    const message = {
      en: issues.map((i) => i.en).join('; '),
      ar: issues.map((i) => i.ar).join('؛ '),
    };
    const bad = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')));
    const rest = Object.fromEntries(Object.entries(params).filter(([k]) => !bad.has(k)));
    const again = bad.size && !bad.has('') ? parseFilters(rest) : undefined;
    return { ok: false, message, kept: again?.ok ? again.filters : {} };
  }
  const { page, ...rest } = parsed.data;
  const filters: Filters = {};
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) (filters as Record<string, unknown>)[k] = v;
  return { ok: true, filters, page: page ?? 1 };
}

/** The filters (and page) as URL query parameters, for links that keep the current view. */
export function filterParams(filters: Filters, page?: number): URLSearchParams {
  const p = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const v = filters[key];
    if (v === undefined) continue;
    p.set(key, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  }
  if (page && page > 1) p.set('page', String(page));
  return p;
}

function nextDay(d: string): string {
  return new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString();
}

/** WHERE clause (and its parameters) for the filters; every value is bound, never spliced in. */
export function whereClause(f: Filters): { sql: string; params: (string | number)[] } {
  const terms: string[] = [];
  const params: (string | number)[] = [];
  const add = (sql: string, ...values: (string | number)[]) => {
    terms.push(sql);
    params.push(...values);
  };
  if (f.feedback === 'none') add('feedback IS NULL');
  else if (f.feedback) add('feedback = ?', f.feedback);
  if (f.abstained !== undefined) add('abstained = ?', f.abstained ? 1 : 0);
  if (f.maxScore !== undefined) add('(top_score <= ? OR top_score IS NULL)', f.maxScore);
  if (f.lang) add('language = ?', f.lang);
  if (f.from) add('created_at >= ?', `${f.from}T00:00:00.000Z`);
  if (f.to) add('created_at < ?', nextDay(f.to));
  if (f.state) add('review_state = ?', f.state);
  if (f.undelivered !== undefined) add(`undelivered IS ${f.undelivered ? 'NOT ' : ''}NULL`);
  if (f.chat !== undefined) {
    // The chat's hash, and the group's a supergroup was, or the supergroup's a group became.
    add(
      `chat_hash IN (
         SELECT chat_hash FROM answers WHERE id = ?
         UNION SELECT from_hash FROM chat_migrations WHERE to_hash = (SELECT chat_hash FROM answers WHERE id = ?)
         UNION SELECT to_hash FROM chat_migrations WHERE from_hash = (SELECT chat_hash FROM answers WHERE id = ?))`,
      f.chat,
      f.chat,
      f.chat,
    );
  }
  // A query of punctuation alone has no word to look for, and filters nothing.
  const match = f.q ? searchMatch(f.q) : '';
  // `+id`: the matches are looked up as the answers are read newest first (by created_at, or another
  // filter's index), rather than every match read by id and sorted: a common word (a third of 100,000
  // answers) took 47 ms to list its first page that way, 7 ms this way; no word takes more than a
  // scan of the index (10 ms).
  if (match) add('+id IN (SELECT rowid FROM answers_fts WHERE answers_fts MATCH ?)', match);
  return { sql: terms.length ? `WHERE ${terms.join(' AND ')}` : '', params };
}

/** The queue's order (Filters.order), with id after the time, as the indexes on created_at hold it. */
export function orderBy(f: Filters): string {
  return f.order === 'oldest' ? 'ORDER BY created_at ASC, id ASC' : 'ORDER BY created_at DESC, id DESC';
}

/** Whether any filter is set: the order alone filters nothing. */
export function filtering(f: Filters): boolean {
  return Object.keys(f).some((k) => k !== 'order');
}

/** One line of the queue. */
export interface QueueRow {
  id: number;
  createdAt: string;
  language: Language;
  question: string;
  /** The first characters of the answer. */
  answerStart: string;
  abstained: boolean;
  topScore: number | null;
  feedback: Feedback | null;
  reviewState: ReviewState;
  reviewedBy: string | null;
  /** Whether Telegram refused the answer (AnswerRecord.undelivered says why). */
  undelivered: boolean;
}

/** One change of an answer's review, as exported: who, when, from what to what, and the note. */
export type ExportedReviewEvent = Omit<ReviewEvent, 'id' | 'answerId'>;

/**
 * One answer as exported: everything but the pseudonymous chat and user hashes (whether it was asked
 * on behalf of a chat instead), with its review's audit trail, oldest first.
 */
export type ExportRow = Omit<AnswerRecord, 'chatHash' | 'userHash' | 'askerChatHash'> & {
  askedAs: AskedAs;
  reviewEvents: ExportedReviewEvent[];
};

export const ANSWER_START_CHARS = 160;

/**
 * Read-only queries of the review page over its own connection to the answer log, so a long export
 * never holds the connection the bot writes with.
 */
export class ReviewQueries {
  private readonly db: Database.Database;
  private readonly stmt: (sql: string) => Database.Statement;

  /** `trace` is told each SQL text run (better-sqlite3's `verbose`), for tests to count queries. */
  constructor(file: string, opts: { trace?: (sql: string) => void } = {}) {
    this.db = new Database(file, {
      readonly: true,
      fileMustExist: true,
      ...(opts.trace ? { verbose: (sql: unknown) => opts.trace?.(String(sql)) } : {}),
    });
    this.db.pragma('busy_timeout = 5000');
    this.stmt = statementCache(this.db);
  }

  /**
   * One page of the queue, newest first (or oldest, Filters.order); one row more is read to know
   * whether a next page exists.
   */
  queue(filters: Filters, page = 1, pageSize = PAGE_SIZE): { rows: QueueRow[]; hasMore: boolean } {
    const w = whereClause(filters);
    const rows = this.stmt(
      `SELECT id, created_at, language, question, substr(answer_text, 1, ${ANSWER_START_CHARS}) AS answer_start,
              abstained, top_score, feedback, review_state, reviewed_by, undelivered IS NOT NULL AS undelivered
         FROM answers ${w.sql} ${orderBy(filters)} LIMIT ? OFFSET ?`,
    ).all(...w.params, pageSize + 1, (page - 1) * pageSize) as {
      id: number;
      created_at: string;
      language: Language;
      question: string;
      answer_start: string;
      abstained: number;
      top_score: number | null;
      feedback: Feedback | null;
      review_state: ReviewState;
      reviewed_by: string | null;
      undelivered: number;
    }[];
    return {
      hasMore: rows.length > pageSize,
      rows: rows.slice(0, pageSize).map((r) => ({
        id: r.id,
        createdAt: r.created_at,
        language: r.language,
        question: r.question,
        answerStart: r.answer_start,
        abstained: r.abstained === 1,
        topScore: r.top_score,
        feedback: r.feedback,
        reviewState: r.review_state,
        reviewedBy: r.reviewed_by,
        undelivered: r.undelivered === 1,
      })),
    };
  }

  /**
   * The answer after `a` in the queue under `filters` (the next older one, or the next newer when the
   * oldest come first), or null at the end: for going from one answer's page to the next without the
   * queue. `a` need not match the filters (it may have just been reviewed out of them).
   */
  nextAfter(filters: Filters, a: { id: number; createdAt: string }): number | null {
    const w = whereClause(filters);
    const than = filters.order === 'oldest' ? '>' : '<';
    const after = `(created_at ${than} ? OR (created_at = ? AND id ${than} ?))`;
    const row = this.stmt(
      `SELECT id FROM answers ${w.sql ? `${w.sql} AND ${after}` : `WHERE ${after}`}
         ${orderBy(filters)} LIMIT 1`,
    ).get(...w.params, a.createdAt, a.createdAt, a.id) as { id: number } | undefined;
    return row?.id ?? null;
  }

  /**
   * Every matching answer with its citations, newest first (or oldest, Filters.order). Which answers, and in what order, is read
   * once, as ids; their rows are then read in chunks by id, so that no statement stays open between
   * chunks (callers may stream and await in between) and the filters are not worked out again for
   * each chunk. Chunks by keyset had run a text search's whole FTS match again for every 500 rows:
   * 12.4 s to read the 33,540 answers of 100,000 holding «صواريخ», twice the time of all 100,000.
   * An answer deleted (purged) after the ids were read is left out.
   */
  *exportRows(filters: Filters, chunkSize = 500): Generator<ExportRow> {
    const w = whereClause(filters);
    const ids = (
      this.stmt(`SELECT id FROM answers ${w.sql} ${orderBy(filters)}`).all(...w.params) as {
        id: number;
      }[]
    ).map((r) => r.id);
    for (let at = 0; at < ids.length; at += chunkSize) {
      const chunk = ids.slice(at, at + chunkSize);
      const rows = this.db
        .prepare(`SELECT * FROM answers WHERE id IN (${chunk.map(() => '?').join(',')})`)
        .all(...chunk) as AnswerRow[];
      const byId = new Map(rows.map((r) => [r.id, r]));
      const cites = this.citationsOf(chunk);
      const events = this.eventsOf(chunk);
      for (const id of chunk) {
        const r = byId.get(id);
        if (!r) continue;
        // Exports leave out the pseudonymous chat and user hashes.
        const answer = answerFromRow(r, cites.get(r.id) ?? []);
        const { chatHash: _chat, userHash: _user, askerChatHash: _asker, ...row } = answer;
        yield { ...row, askedAs: askedAs(answer), reviewEvents: events.get(r.id) ?? [] };
      }
    }
  }

  private citationsOf(ids: number[]): Map<number, CitationRow[]> {
    const out = new Map<number, CitationRow[]>();
    if (ids.length === 0) return out;
    const rows = this.db
      .prepare(
        `SELECT * FROM citations WHERE answer_id IN (${ids.map(() => '?').join(',')}) ORDER BY answer_id, n`,
      )
      .all(...ids) as (CitationRow & { answer_id: number })[];
    for (const c of rows) {
      const list = out.get(c.answer_id) ?? [];
      list.push(c);
      out.set(c.answer_id, list);
    }
    return out;
  }

  /** The review audit trail of each answer, oldest first. */
  private eventsOf(ids: number[]): Map<number, ExportedReviewEvent[]> {
    const out = new Map<number, ExportedReviewEvent[]>();
    if (ids.length === 0) return out;
    const rows = this.db
      .prepare(
        `SELECT * FROM review_events
           WHERE answer_id IN (${ids.map(() => '?').join(',')}) ORDER BY answer_id, id`,
      )
      .all(...ids) as ReviewEventRow[];
    for (const row of rows) {
      const { id: _id, answerId, ...event } = reviewEventOf(row);
      const list = out.get(answerId) ?? [];
      list.push(event);
      out.set(answerId, list);
    }
    return out;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
