import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Citation, SourceRef } from '../answer/types.js';
import type { Config } from '../config.js';
import type { DatePrecision, Language } from '../corpus/types.js';
import { statementCache } from '../sqlite.js';
import { migrate } from './schema.js';
import { searchMatch, searchText } from './search-text.js';
import { loadOrCreateSecret } from './secret.js';

export type Feedback = 'up' | 'down';
export const REVIEW_STATES = ['unreviewed', 'correct', 'incorrect', 'article_missing'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

/** What the bot records for one answer it sent. */
export interface LogEntry {
  /** Defaults to the log's clock. */
  createdAt?: Date;
  chatType: string;
  /** From `hashChat`; lets callbacks check they come from the chat the answer went to. */
  chatHash: string | null;
  /** From `hashUser`; never the raw Telegram id. */
  userHash: string;
  /**
   * From `hashChat`, for a question sent on behalf of a chat (`sender_chat`: an anonymous admin as
   * the group, or a channel): `userHash` is then Telegram's stand-in sender, not a person.
   */
  askerChatHash?: string | null;
  language: Language;
  question: string;
  /** The earlier question this one was read as a follow-up of (a reply to its answer). */
  follows?: string;
  /** The answer exactly as the person saw it, all parts joined. */
  answerText: string;
  abstained: boolean;
  topScore: number;
  embedderId: string;
  indexVersion: string;
  latencyMs: number;
  citations: Citation[];
  /** An abstention's passages set aside (Answer.considered): logged, not shown. */
  considered?: Citation[];
  /**
   * The person's message that asked it, stored only as a keyed hash of chat and message id, so that
   * an edit of that message is checked against what it asked (`askedBy`), across restarts.
   */
  askedWith?: { chatId: number | string; messageId: number };
}

export interface LoggedCitation {
  n: number;
  articleId: string;
  score: number | null;
  start: number | null;
  end: number | null;
  text: string;
  source: string | null;
  published: string | null;
  publishedPrecision: DatePrecision;
  title: string | null;
  url: string | null;
  /** The other outlets, as the log keeps them: who and when (the passage text is the citation's). */
  alsoIn: SourceRef[];
}

export interface AnswerRecord {
  id: number;
  createdAt: string;
  chatType: string;
  chatHash: string | null;
  userHash: string;
  /** The chat the question was sent on behalf of (schema 10); null for a person's question. */
  askerChatHash: string | null;
  language: Language;
  question: string;
  follows: string | null;
  answerText: string;
  abstained: boolean;
  topScore: number | null;
  embedderId: string | null;
  indexVersion: string | null;
  latencyMs: number | null;
  feedback: Feedback | null;
  feedbackAt: string | null;
  /** What the asker wrote with their 👎, replying to the answer (schema 17); null else. */
  feedbackComment: string | null;
  /**
   * The rating `feedback` replaced, and when that one was given (schema 18); null when the rating
   * was never changed (the same button pressed again is no change), and for every answer rated before.
   */
  feedbackWas: Feedback | null;
  feedbackWasAt: string | null;
  reviewState: ReviewState;
  reviewNote: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  citations: LoggedCitation[];
  /** What an abstention set aside, best first: not shown to the person. */
  considered: LoggedCitation[];
  /**
   * Why Telegram did not deliver the answer, and how much of it went out (schema 11); null when it
   * was delivered, and for every answer logged before.
   */
  undelivered: string | null;
}

export interface ReviewEvent {
  id: number;
  answerId: number;
  at: string;
  moderator: string;
  fromState: ReviewState;
  toState: ReviewState;
  note: string | null;
}

/** A row of the review_events table, as SQLite returns it. */
export interface ReviewEventRow {
  id: number;
  answer_id: number;
  at: string;
  moderator: string;
  from_state: ReviewState;
  to_state: ReviewState;
  note: string | null;
}

export function reviewEventOf(r: ReviewEventRow): ReviewEvent {
  return {
    id: r.id,
    answerId: r.answer_id,
    at: r.at,
    moderator: r.moderator,
    fromState: r.from_state,
    toState: r.to_state,
    note: r.note,
  };
}

export interface AnswerLogOptions {
  /** SQLite file; its folder is created. */
  file: string;
  /** Where a generated HMAC secret is kept when `hmacSecret` is not given. */
  stateDir: string;
  hmacSecret?: string;
  /** Injectable clock for tests. */
  now?: () => Date;
}

/** An `answers` row as SQLite returns it. */
export interface AnswerRow {
  id: number;
  created_at: string;
  chat_type: string;
  chat_hash: string | null;
  user_hash: string;
  /** Schema 10; undefined only from a log not yet migrated, read without the log (ReviewQueries). */
  asker_chat_hash?: string | null;
  language: Language;
  question: string;
  follows: string | null;
  answer_text: string;
  abstained: number;
  top_score: number | null;
  embedder_id: string | null;
  index_version: string | null;
  latency_ms: number | null;
  feedback: Feedback | null;
  feedback_at: string | null;
  /** Schema 17; undefined only from a log not yet migrated, read without the log (ReviewQueries). */
  feedback_comment?: string | null;
  /** Schema 18; undefined as feedback_comment. */
  feedback_was?: Feedback | null;
  feedback_was_at?: string | null;
  review_state: ReviewState;
  review_note: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  /** Schema 11; undefined only from a log not yet migrated, read without the log (ReviewQueries). */
  undelivered?: string | null;
}

/** A `citations` row as SQLite returns it. */
export interface CitationRow {
  n: number;
  article_id: string;
  score: number | null;
  start: number | null;
  end: number | null;
  text: string;
  source: string | null;
  published: string | null;
  published_precision: DatePrecision | null;
  title: string | null;
  url: string | null;
  also_in: string;
  /** 0 for a passage an abstention set aside (schema 8). */
  shown: number;
}

/**
 * Who sent the question: a person, or someone on behalf of a chat: an anonymous admin as the group
 * itself, or a channel (its own admins, or a linked channel's post in its discussion group). An
 * answer asked on behalf of a chat is rated by the group's admins, not necessarily by who asked.
 */
export type AskedAs = 'person' | 'group' | 'channel';

export function askedAs(a: Pick<AnswerRecord, 'chatHash' | 'askerChatHash'>): AskedAs {
  if (a.askerChatHash === null) return 'person';
  return a.askerChatHash === a.chatHash ? 'group' : 'channel';
}

/** An answer row and its citations as the rest of the program sees them. */
export function answerFromRow(row: AnswerRow, rows: readonly CitationRow[]): AnswerRecord {
  return {
    id: row.id,
    createdAt: row.created_at,
    chatType: row.chat_type,
    chatHash: row.chat_hash,
    userHash: row.user_hash,
    askerChatHash: row.asker_chat_hash ?? null,
    language: row.language,
    question: row.question,
    follows: row.follows,
    answerText: row.answer_text,
    abstained: row.abstained === 1,
    topScore: row.top_score,
    embedderId: row.embedder_id,
    indexVersion: row.index_version,
    latencyMs: row.latency_ms,
    feedback: row.feedback,
    feedbackAt: row.feedback_at,
    feedbackComment: row.feedback_comment ?? null,
    feedbackWas: row.feedback_was ?? null,
    feedbackWasAt: row.feedback_was_at ?? null,
    reviewState: row.review_state,
    reviewNote: row.review_note,
    reviewedBy: row.reviewed_by,
    reviewedAt: row.reviewed_at,
    citations: rows.filter((c) => c.shown !== 0).map(citationFromRow),
    considered: rows.filter((c) => c.shown === 0).map(citationFromRow),
    undelivered: row.undelivered ?? null,
  };
}

export function citationFromRow(c: CitationRow): LoggedCitation {
  return {
    n: c.n,
    articleId: c.article_id,
    score: c.score,
    start: c.start,
    end: c.end,
    text: c.text,
    source: c.source,
    published: c.published,
    publishedPrecision: c.published_precision ?? 'unknown',
    title: c.title,
    url: c.url,
    alsoIn: JSON.parse(c.also_in) as SourceRef[],
  };
}

const DAY_MS = 86_400_000;

/**
 * The SET clause of a rating (:feedback at :at): a different rating keeps the one it replaces, and
 * when that was given, in feedback_was(_at); the same rating again changes only feedback_at. (SQLite
 * reads every column on the right as it was before the UPDATE.)
 */
const RATE = `feedback_was = CASE WHEN feedback IS NOT :feedback THEN feedback ELSE feedback_was END,
  feedback_was_at = CASE WHEN feedback IS NOT :feedback THEN feedback_at ELSE feedback_was_at END,
  feedback = :feedback, feedback_at = :at`;

/** The answer log: one SQLite file (WAL), every answer with its citations, feedback and review state. */
export class AnswerLog {
  readonly file: string;
  private readonly db: Database.Database;
  private readonly secret: string;
  /** The key pending questions are sealed with, derived from `secret`. */
  private readonly sealKey: Buffer;
  private readonly now: () => Date;
  private readonly stmt: (sql: string) => Database.Statement;

  constructor(opts: AnswerLogOptions) {
    this.file = opts.file;
    this.now = opts.now ?? (() => new Date());
    this.secret = loadOrCreateSecret(opts.hmacSecret, opts.stateDir);
    this.sealKey = crypto.createHmac('sha256', this.secret).update('pending-questions').digest();
    fs.mkdirSync(path.dirname(path.resolve(opts.file)), { recursive: true });
    this.db = new Database(opts.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db, opts.file);
    this.stmt = statementCache(this.db);
  }

  static fromConfig(config: Config, now?: () => Date): AnswerLog {
    return new AnswerLog({
      file: config.LOG_DB,
      stateDir: config.STATE_DIR,
      hmacSecret: config.LOG_HMAC_SECRET,
      now,
    });
  }

  /** Pseudonymous id of a Telegram user: HMAC-SHA256, hex. Same id, same hash; not reversible. */
  hashUser(id: number | string): string {
    return this.hmac(`user:${id}`);
  }

  hashChat(id: number | string): string {
    return this.hmac(`chat:${id}`);
  }

  /** Pseudonymous id of one message in one chat, for `linkMessages`, `askedIn` and `askedBy`. */
  private hashMessage(chatId: number | string, messageId: number): string {
    return this.hmac(`message:${chatId}:${messageId}`);
  }

  private hmac(value: string): string {
    return crypto.createHmac('sha256', this.secret).update(value).digest('hex');
  }

  /** Store an answer and its citations in one transaction; returns the answer id. */
  record(entry: LogEntry): number {
    const insertAnswer = this.stmt(`
      INSERT INTO answers (created_at, chat_type, chat_hash, user_hash, asker_chat_hash, language, question,
        follows, answer_text, abstained, top_score, embedder_id, index_version, latency_ms)
      VALUES (@createdAt, @chatType, @chatHash, @userHash, @askerChatHash, @language, @question,
        @follows, @answerText, @abstained, @topScore, @embedderId, @indexVersion, @latencyMs)`);
    const insertCitation = this.stmt(`
      INSERT INTO citations (answer_id, n, article_id, score, start, "end", text, source, published,
        published_precision, title, url, also_in, shown)
      VALUES (@answerId, @n, @articleId, @score, @start, @end, @text, @source, @published,
        @publishedPrecision, @title, @url, @alsoIn, @shown)`);
    return this.db.transaction(() => {
      const info = insertAnswer.run({
        createdAt: (entry.createdAt ?? this.now()).toISOString(),
        chatType: entry.chatType,
        chatHash: entry.chatHash,
        userHash: entry.userHash,
        askerChatHash: entry.askerChatHash ?? null,
        language: entry.language,
        question: entry.question,
        follows: entry.follows ?? null,
        answerText: entry.answerText,
        abstained: entry.abstained ? 1 : 0,
        topScore: Number.isFinite(entry.topScore) ? entry.topScore : null,
        embedderId: entry.embedderId,
        indexVersion: entry.indexVersion,
        latencyMs: entry.latencyMs,
      });
      const answerId = Number(info.lastInsertRowid);
      // An edited message answered again is asked by its latest answer.
      if (entry.askedWith) {
        this.stmt('INSERT OR REPLACE INTO question_messages (message_hash, answer_id) VALUES (?, ?)').run(
          this.hashMessage(entry.askedWith.chatId, entry.askedWith.messageId),
          answerId,
        );
      }
      this.stmt('INSERT INTO answers_fts(rowid, question, answer_text) VALUES (?, ?, ?)').run(
        answerId,
        searchText(entry.question),
        searchText(entry.answerText),
      );
      // Passages set aside are numbered after the cited ones (an abstention has none).
      const cited = entry.citations.length;
      const all = [
        ...entry.citations.map((c) => ({ c, n: c.n, shown: 1 })),
        ...(entry.considered ?? []).map((c, i) => ({ c, n: cited + i + 1, shown: 0 })),
      ];
      for (const { c, n, shown } of all) {
        insertCitation.run({
          answerId,
          n,
          shown,
          articleId: c.articleId,
          score: Number.isFinite(c.score) ? c.score : null,
          start: c.start,
          end: c.end,
          text: c.text,
          source: c.source,
          published: c.published,
          publishedPrecision: c.publishedPrecision,
          title: c.title,
          url: c.url,
          alsoIn: JSON.stringify(
            c.alsoIn.map((d): SourceRef => ({
              articleId: d.articleId,
              source: d.source,
              published: d.published,
              publishedPrecision: d.publishedPrecision,
              url: d.url,
            })),
          ),
        });
      }
      return answerId;
    })();
  }

  /**
   * Remember which messages carried an answer (each part of a long one), so that a reply to any of
   * them finds its question again (`askedIn`), across restarts. Only keyed hashes are stored; the
   * links go with the answer when retention deletes it.
   */
  linkMessages(answerId: number, chatId: number | string, messageIds: readonly number[]): void {
    const insert = this.stmt(
      'INSERT OR REPLACE INTO answer_messages (message_hash, answer_id) VALUES (?, ?)',
    );
    this.db.transaction(() => {
      for (const id of messageIds) insert.run(this.hashMessage(chatId, id), answerId);
    })();
  }

  /**
   * Note that Telegram did not deliver the answer, or not all of it: `why` says what it answered
   * and how much went out. The answer stays logged: what was asked, and what the bot would have
   * said, still matter to the moderators.
   */
  markUndelivered(answerId: number, why: string): void {
    this.stmt('UPDATE answers SET undelivered = ? WHERE id = ?').run(why, answerId);
  }

  /**
   * When the cited passages of the answer were last sent by its "sources" button (ms since the
   * epoch), if ever: a press just after a restart does not send them again.
   */
  sourcesSentAt(answerId: number): number | undefined {
    const row = this.stmt('SELECT sources_sent_at FROM answers WHERE id = ?').get(answerId) as
      { sources_sent_at: string | null } | undefined;
    return row?.sources_sent_at ? Date.parse(row.sources_sent_at) : undefined;
  }

  /** Note that the answer's cited passages were sent, at `at` (ms since the epoch; the log's clock else). */
  markSourcesSent(answerId: number, at: number = this.now().getTime()): void {
    this.stmt('UPDATE answers SET sources_sent_at = ? WHERE id = ?').run(
      new Date(at).toISOString(),
      answerId,
    );
  }

  /**
   * Keep an update that asks a question until `clearPending`: if the process is killed meanwhile,
   * the next start finds it (`pendingQuestions`). Sealed, as it names the chat and the person. Noted
   * again, it keeps its tries (an update answered again after a restart) and is dated anew: a
   * webhook's update Telegram sent again is in flight from then on.
   */
  notePending(updateId: number, update: unknown): void {
    this.stmt(
      `INSERT INTO pending_questions (update_id, received_at, sealed) VALUES (?, ?, ?)
         ON CONFLICT(update_id) DO UPDATE SET received_at = excluded.received_at`,
    ).run(updateId, this.now().toISOString(), this.seal(JSON.stringify(update)));
  }

  /** The question is answered (or given up on): forget its update. */
  clearPending(updateId: number): void {
    this.stmt('DELETE FROM pending_questions WHERE update_id = ?').run(updateId);
  }

  /** Note that a pending question is being answered again, so that another restart does not retry it. */
  markPendingTried(updateId: number): void {
    this.stmt('UPDATE pending_questions SET tries = tries + 1 WHERE update_id = ?').run(updateId);
  }

  /**
   * The questions noted and not cleared, oldest first, with their age by the log's clock. One whose
   * update cannot be unsealed (the secret changed) is dropped.
   */
  pendingQuestions(): { updateId: number; ageMs: number; tries: number; update: unknown }[] {
    const rows = this.stmt(
      'SELECT update_id, received_at, tries, sealed FROM pending_questions ORDER BY update_id',
    ).all() as { update_id: number; received_at: string; tries: number; sealed: Buffer }[];
    const now = this.now().getTime();
    return rows.flatMap((r) => {
      let update: unknown;
      try {
        update = JSON.parse(this.unseal(r.sealed));
      } catch {
        this.clearPending(r.update_id);
        return [];
      }
      return [{ updateId: r.update_id, ageMs: now - Date.parse(r.received_at), tries: r.tries, update }];
    });
  }

  private seal(text: string): Buffer {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.sealKey, iv);
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  private unseal(sealed: Buffer): string {
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.sealKey, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** Note that the group `fromChatId` became the supergroup `toChatId` (by keyed hashes only). */
  noteChatMigration(fromChatId: number | string, toChatId: number | string): void {
    this.stmt('INSERT OR REPLACE INTO chat_migrations (to_hash, from_hash) VALUES (?, ?)').run(
      this.hashChat(toChatId),
      this.hashChat(fromChatId),
    );
  }

  /**
   * The hashes an answer sent to the chat `chatId` may be logged under: the chat's own, and, for a
   * supergroup that was a group, the group's (its answers' buttons are pressed in the supergroup).
   */
  chatHashes(chatId: number | string): string[] {
    const own = this.hashChat(chatId);
    const row = this.stmt('SELECT from_hash FROM chat_migrations WHERE to_hash = ?').get(own) as
      { from_hash: string } | undefined;
    return row === undefined ? [own] : [own, row.from_hash];
  }

  /** The question (and the one it followed) of the answer sent as `messageId` in the chat, if logged. */
  askedIn(
    chatId: number | string,
    messageId: number,
  ): { question: string; follows: string | null } | undefined {
    return this.stmt(
      `SELECT a.question, a.follows FROM answer_messages m JOIN answers a ON a.id = m.answer_id
         WHERE m.message_hash = ?`,
    ).get(this.hashMessage(chatId, messageId)) as { question: string; follows: string | null } | undefined;
  }

  /** The id of the answer sent as `messageId` in the chat (its passages too), if logged. */
  answerAt(chatId: number | string, messageId: number): number | undefined {
    const row = this.stmt('SELECT answer_id FROM answer_messages WHERE message_hash = ?').get(
      this.hashMessage(chatId, messageId),
    ) as { answer_id: number } | undefined;
    return row?.answer_id;
  }

  /** The question the person's message `messageId` in the chat was last answered for, if logged. */
  askedBy(chatId: number | string, messageId: number): string | undefined {
    const row = this.stmt(
      `SELECT a.question FROM question_messages q JOIN answers a ON a.id = q.answer_id
         WHERE q.message_hash = ?`,
    ).get(this.hashMessage(chatId, messageId)) as { question: string } | undefined;
    return row?.question;
  }

  get(id: number): AnswerRecord | undefined {
    const row = this.stmt('SELECT * FROM answers WHERE id = ?').get(id) as AnswerRow | undefined;
    if (!row) return undefined;
    const cites = this.stmt('SELECT * FROM citations WHERE answer_id = ? ORDER BY n').all(
      id,
    ) as CitationRow[];
    return answerFromRow(row, cites);
  }

  /**
   * Rate an answer. Only the person who asked may rate it; rating again replaces the earlier
   * rating (people change their minds), which is kept, with when it was given, as the rating it
   * was (feedbackWas): the moderator sees the change. Returns whether the rating was stored. A 👎 may
   * come with what the person said (`comment`, a correction): it replaces an earlier one; a 👎 without
   * one keeps it, and a 👍 takes it back with the 👎.
   */
  setFeedback(answerId: number, userHash: string, feedback: Feedback, comment?: string): boolean {
    const info = this.stmt(
      `UPDATE answers SET ${RATE},
         feedback_comment = CASE WHEN :feedback = 'up' THEN NULL ELSE COALESCE(:comment, feedback_comment) END
         WHERE id = :id AND user_hash = :userHash`,
    ).run({ feedback, at: this.now().toISOString(), comment: comment ?? null, id: answerId, userHash });
    return info.changes === 1;
  }

  /**
   * Rate an answer to a question sent on behalf of a chat, for one of the admins of the chat it was
   * asked in (the caller has checked that with Telegram): whoever asked as the chat, one of them did,
   * and a button press always carries the admin's own id. Only such an answer; as `setFeedback` else.
   */
  setFeedbackAsChatAdmin(answerId: number, feedback: Feedback): boolean {
    const info = this.stmt(
      `UPDATE answers SET ${RATE},
         feedback_comment = CASE WHEN :feedback = 'up' THEN NULL ELSE feedback_comment END
         WHERE id = :id AND asker_chat_hash IS NOT NULL`,
    ).run({ feedback, at: this.now().toISOString(), id: answerId });
    return info.changes === 1;
  }

  /**
   * Set a moderator's verdict and write the audit row in the same transaction. With `seen` (the
   * `reviewedAt` the moderator's page showed, null for none), nothing is written when someone else has
   * changed the review since: 'changed'. Their own later change (saved, then saved again from the
   * same page) is theirs to replace, and an answer never reviewed is never 'changed' (a `seen` that
   * matches nothing, as only a crafted form sends, has no one's review to protect).
   *
   * 'unreviewed' takes a verdict back (one given by mistake): the answer is as if never reviewed
   * (no verdict, note, reviewer or time), and the audit trail keeps who took it back, when, from what,
   * with `note` as the reason. Taking back an answer that has no verdict writes nothing: 'unchanged'.
   */
  setReview(
    answerId: number,
    moderator: string,
    state: ReviewState,
    note: string | null = null,
    seen?: string | null,
  ): 'saved' | 'unchanged' | 'not-found' | 'changed' {
    if (!REVIEW_STATES.includes(state)) throw new Error(`Unknown review state: ${String(state)}`);
    if (!moderator.trim()) throw new Error('A review needs the moderator’s name');
    return this.db.transaction(() => {
      const row = this.stmt('SELECT review_state, reviewed_at FROM answers WHERE id = ?').get(answerId) as
        { review_state: ReviewState; reviewed_at: string | null } | undefined;
      if (!row) return 'not-found';
      // Who changed the review last: the answer row forgets its reviewer when a verdict is taken back.
      const last = this.stmt(
        'SELECT moderator FROM review_events WHERE answer_id = ? ORDER BY id DESC LIMIT 1',
      ).get(answerId) as { moderator: string } | undefined;
      // Never reviewed (no event, no time): there is no one's review to overwrite, whatever `seen` says.
      const neverReviewed = !last && row.reviewed_at === null;
      if (seen !== undefined && seen !== row.reviewed_at && !neverReviewed && last?.moderator !== moderator) {
        return 'changed';
      }
      if (state === 'unreviewed' && row.review_state === 'unreviewed') return 'unchanged';
      const at = this.now().toISOString();
      const reviewed = state !== 'unreviewed';
      this.stmt(
        'UPDATE answers SET review_state = ?, review_note = ?, reviewed_by = ?, reviewed_at = ? WHERE id = ?',
      ).run(state, reviewed ? note : null, reviewed ? moderator : null, reviewed ? at : null, answerId);
      this.stmt(
        `INSERT INTO review_events (answer_id, at, moderator, from_state, to_state, note)
           VALUES (?, ?, ?, ?, ?, ?)`,
      ).run(answerId, at, moderator, row.review_state, state, note);
      return 'saved';
    })();
  }

  /** The audit trail of an answer's review, oldest first. */
  reviewEvents(answerId: number): ReviewEvent[] {
    const rows = this.stmt('SELECT * FROM review_events WHERE answer_id = ? ORDER BY id').all(
      answerId,
    ) as ReviewEventRow[];
    return rows.map(reviewEventOf);
  }

  /** Ids of answers whose question or answer contains all the words of `query`, newest first. */
  search(query: string, limit = 50): number[] {
    // Each word quoted, so FTS5 syntax in a moderator's query is taken literally.
    const match = searchMatch(query);
    if (!match) return [];
    const rows = this.stmt(
      'SELECT rowid AS id FROM answers_fts WHERE answers_fts MATCH ? ORDER BY rowid DESC LIMIT ?',
    ).all(match, limit) as { id: number }[];
    return rows.map((r) => r.id);
  }

  /** Keep a review session's logout until the session would have expired (`exp`, ms since the epoch). */
  addLogout(sid: string, exp: number): void {
    this.db.transaction(() => {
      this.stmt('DELETE FROM review_logouts WHERE expires_at <= ?').run(this.now().getTime());
      this.stmt('INSERT OR REPLACE INTO review_logouts (sid, expires_at) VALUES (?, ?)').run(sid, exp);
    })();
  }

  /** Whether a review session was logged out. */
  hasLogout(sid: string): boolean {
    return this.stmt('SELECT 1 FROM review_logouts WHERE sid = ?').get(sid) !== undefined;
  }

  /** Whether an answer created at `createdAt` is past the retention period (0 days = kept forever). */
  isExpired(createdAt: string, retentionDays: number): boolean {
    if (retentionDays <= 0) return false;
    return Date.parse(createdAt) < this.now().getTime() - retentionDays * DAY_MS;
  }

  /** Delete answers (and, by cascade, their citations and review events) older than the given days. */
  purge(olderThanDays: number): number {
    const cutoff = new Date(this.now().getTime() - olderThanDays * DAY_MS).toISOString();
    return this.stmt('DELETE FROM answers WHERE created_at < ?').run(cutoff).changes;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
