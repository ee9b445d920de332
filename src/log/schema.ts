import type Database from 'better-sqlite3';
import { searchText } from './search-text.js';

interface FtsSource {
  id: number;
  question: string;
  answer_text: string;
}

/** A step of the schema: SQL, or code for what SQL cannot do. */
type Migration = string | ((db: Database.Database) => void);

/** Write the full-text index again, as searchText now writes it, for every answer in the log. */
function reindexSearch(db: Database.Database): void {
  db.exec(`INSERT INTO answers_fts(answers_fts) VALUES ('delete-all')`);
  const add = db.prepare('INSERT INTO answers_fts(rowid, question, answer_text) VALUES (?, ?, ?)');
  const page = db.prepare(
    'SELECT id, question, answer_text FROM answers WHERE id > ? ORDER BY id LIMIT 1000',
  );
  // In pages: a connection cannot write while it reads a statement's rows.
  for (let after = 0, rows; (rows = page.all(after) as FtsSource[]).length; after = rows.at(-1)!.id) {
    for (const r of rows) add.run(r.id, searchText(r.question), searchText(r.answer_text));
  }
}

/**
 * Schema of the answer log, one migration per version (`PRAGMA user_version`). Append new
 * migrations; never edit an applied one. The review page reads these tables directly.
 */
export const MIGRATIONS: readonly Migration[] = [
  // v1
  `
  CREATE TABLE answers (
    id            INTEGER PRIMARY KEY,
    created_at    TEXT NOT NULL,
    chat_type     TEXT NOT NULL,
    chat_hash     TEXT,
    user_hash     TEXT NOT NULL,
    language      TEXT NOT NULL,
    question      TEXT NOT NULL,
    answer_text   TEXT NOT NULL,
    abstained     INTEGER NOT NULL CHECK (abstained IN (0, 1)),
    top_score     REAL,
    embedder_id   TEXT,
    index_version TEXT,
    latency_ms    REAL,
    feedback      TEXT CHECK (feedback IN ('up', 'down')),
    feedback_at   TEXT,
    review_state  TEXT NOT NULL DEFAULT 'unreviewed'
                  CHECK (review_state IN ('unreviewed', 'correct', 'incorrect', 'article_missing')),
    review_note   TEXT,
    reviewed_by   TEXT,
    reviewed_at   TEXT
  );
  CREATE INDEX answers_created_at ON answers(created_at);
  CREATE INDEX answers_feedback ON answers(feedback);
  CREATE INDEX answers_abstained ON answers(abstained);
  CREATE INDEX answers_top_score ON answers(top_score);
  CREATE INDEX answers_language ON answers(language);
  CREATE INDEX answers_review_state ON answers(review_state);

  CREATE TABLE citations (
    answer_id           INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    n                   INTEGER NOT NULL,
    article_id          TEXT NOT NULL,
    score               REAL,
    start               INTEGER,
    "end"               INTEGER,
    text                TEXT NOT NULL,
    source              TEXT,
    published           TEXT,
    published_precision TEXT,
    title               TEXT,
    url                 TEXT,
    also_in             TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (answer_id, n)
  );
  CREATE INDEX citations_article_id ON citations(article_id);

  CREATE TABLE review_events (
    id         INTEGER PRIMARY KEY,
    answer_id  INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    moderator  TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state   TEXT NOT NULL,
    note       TEXT
  );
  CREATE INDEX review_events_answer_id ON review_events(answer_id);

  CREATE VIRTUAL TABLE answers_fts USING fts5(
    question, answer_text, content='answers', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
  );
  CREATE TRIGGER answers_fts_insert AFTER INSERT ON answers BEGIN
    INSERT INTO answers_fts(rowid, question, answer_text) VALUES (new.id, new.question, new.answer_text);
  END;
  CREATE TRIGGER answers_fts_delete AFTER DELETE ON answers BEGIN
    INSERT INTO answers_fts(answers_fts, rowid, question, answer_text)
      VALUES ('delete', old.id, old.question, old.answer_text);
  END;
  CREATE TRIGGER answers_fts_update AFTER UPDATE OF question, answer_text ON answers BEGIN
    INSERT INTO answers_fts(answers_fts, rowid, question, answer_text)
      VALUES ('delete', old.id, old.question, old.answer_text);
    INSERT INTO answers_fts(rowid, question, answer_text) VALUES (new.id, new.question, new.answer_text);
  END;
  `,
  // v2: the review queue lists newest first under one filter; with (filter, created_at) it reads one page
  // of the index in order instead of sorting every match (scripts/bench-review.ts, 100k answers).
  `
  CREATE INDEX answers_feedback_created ON answers(feedback, created_at);
  CREATE INDEX answers_abstained_created ON answers(abstained, created_at);
  CREATE INDEX answers_language_created ON answers(language, created_at);
  CREATE INDEX answers_review_state_created ON answers(review_state, created_at);
  `,
  // v3: a reply to an answer is read as a follow-up of its question; moderators see which.
  `
  ALTER TABLE answers ADD COLUMN follows TEXT;
  `,
  // v4: which messages carried each answer, by a keyed hash of chat and message id (never the ids),
  // so that a reply to an answer is still read as a follow-up after the bot restarts.
  `
  CREATE TABLE answer_messages (
    message_hash TEXT PRIMARY KEY,
    answer_id    INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE
  ) WITHOUT ROWID;
  CREATE INDEX answer_messages_answer_id ON answer_messages(answer_id);
  `,
  // v5: v2's (filter, created_at) indexes serve every query the filter's own index served, and every
  // index is written on each answer: these four made the bot's log write about half as dear again.
  `
  DROP INDEX answers_feedback;
  DROP INDEX answers_abstained;
  DROP INDEX answers_language;
  DROP INDEX answers_review_state;
  `,
  // v6: a moderator's logout outlives a restart of the review page: the session is refused until it
  // would have expired (ms since the epoch).
  `
  CREATE TABLE review_logouts (
    sid        TEXT PRIMARY KEY,
    expires_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // v7: the full-text index holds each text as the analyser normalises it (searchText): SQLite's
  // tokenizer split Arabic words at a shadda and told hamza, teh marbuta and article forms apart.
  // The log writes it (record); a purge or deletion still removes from it by trigger.
  (db) => {
    db.exec(`
      DROP TRIGGER answers_fts_insert;
      DROP TRIGGER answers_fts_update;
      DROP TRIGGER answers_fts_delete;
      DROP TABLE answers_fts;
      CREATE VIRTUAL TABLE answers_fts USING fts5(
        question, answer_text, content='', contentless_delete=1, tokenize='ascii'
      );
      CREATE TRIGGER answers_fts_delete AFTER DELETE ON answers BEGIN
        DELETE FROM answers_fts WHERE rowid = old.id;
      END;
    `);
    const add = db.prepare('INSERT INTO answers_fts(rowid, question, answer_text) VALUES (?, ?, ?)');
    const page = db.prepare(
      'SELECT id, question, answer_text FROM answers WHERE id > ? ORDER BY id LIMIT 1000',
    );
    // In pages: a connection cannot write while it reads a statement's rows.
    for (let after = 0, rows; (rows = page.all(after) as FtsSource[]).length; after = rows.at(-1)!.id) {
      for (const r of rows) add.run(r.id, searchText(r.question), searchText(r.answer_text));
    }
  },
  // v8: an abstention keeps the passages it set aside (shown = 0), numbered after any shown, so a
  // moderator can tell an article missing from the corpus from one the search missed.
  `
  ALTER TABLE citations ADD COLUMN shown INTEGER NOT NULL DEFAULT 1 CHECK (shown IN (0, 1));
  `,
  // v9: the person's message each answer was asked by, by the same keyed hash as v4's, so that an
  // edit of it that leaves the question as it was is not answered again after the bot restarts.
  `
  CREATE TABLE question_messages (
    message_hash TEXT PRIMARY KEY,
    answer_id    INTEGER NOT NULL REFERENCES answers(id) ON DELETE CASCADE
  ) WITHOUT ROWID;
  CREATE INDEX question_messages_answer_id ON question_messages(answer_id);
  `,
  // v10: a question sent on behalf of a chat (an anonymous admin as the group, a message as a channel)
  // keeps that chat's keyed hash: user_hash is then Telegram's stand-in sender, the same for every such
  // chat, and the person who presses a button under the answer is an admin with an id of their own.
  // Null for a person's question, and for every answer logged before.
  `
  ALTER TABLE answers ADD COLUMN asker_chat_hash TEXT;
  `,
  // v11: an answer Telegram refused to deliver (the person had blocked the bot, the bot was removed
  // from the group, the topic was closed) keeps why, and how much of it went out: moderators read
  // the log for what people were told. Null for an answer delivered, and for every answer logged before.
  `
  ALTER TABLE answers ADD COLUMN undelivered TEXT;
  `,
  // v12: a group that became a supergroup has a new chat id; its answers' buttons, pressed there,
  // come from the new chat. Which chat each supergroup was, by the keyed hashes of both ids.
  `
  CREATE TABLE chat_migrations (
    to_hash   TEXT PRIMARY KEY,
    from_hash TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // v13: the full-text index also holds each word's spelling without hamza (searchText), so that a
  // moderator's مسئول finds مسؤول and شي finds شيء. Written again for every answer logged before.
  reindexSearch,
  // v14: the spellings of a word that had a hamza are kept apart from plain words (ماء found every
  // ما), and an Arabic word joined to ب, ل, ك or ف is also indexed without it (searchText), so that
  // صاروخ finds بصاروخ. Written again for every answer logged before.
  reindexSearch,
  // v15: the review queue's filter of answers Telegram did not deliver, about one in a hundred, read
  // the whole log by created_at to fill its last page (92 ms of 100,000 answers). Only those answers
  // are in this index, so the bot's writes of the others do not touch it.
  `
  CREATE INDEX answers_undelivered_created ON answers(created_at) WHERE undelivered IS NOT NULL;
  `,
  // v16: when each answer's cited passages were last sent by its "sources" button, so that a second
  // press just after, answered by a restarted bot, does not post them twice; and the questions being
  // answered, so that one in flight when the process is killed is answered after the restart (or the
  // person told to ask again). A pending question is the update as Telegram sent it, sealed
  // (AES-256-GCM, under a key derived from the log's secret: it names the chat, which the log keeps
  // only by keyed hash elsewhere) and deleted once answered.
  `
  ALTER TABLE answers ADD COLUMN sources_sent_at TEXT;
  CREATE TABLE pending_questions (
    update_id   INTEGER PRIMARY KEY,
    received_at TEXT NOT NULL,
    tries       INTEGER NOT NULL DEFAULT 0,
    sealed      BLOB NOT NULL
  );
  `,
  // v17: what the person who asked said with their 👎 ("this is wrong, it was on the 4th", in reply to
  // the answer): the correction, for moderators; it had been searched as a new question. Null for a
  // rating by button, and for every answer logged before.
  `
  ALTER TABLE answers ADD COLUMN feedback_comment TEXT;
  `,
  // v18: the rating an answer had before it was last changed (👍, then 👎), and when that one was
  // given: a rating replaced used to be lost, and the moderator saw only the last, not that the person
  // (or, for a question asked as a chat, another of its admins) changed their mind. Null for a rating
  // never changed, given again unchanged, and for every answer rated before.
  `
  ALTER TABLE answers ADD COLUMN feedback_was TEXT;
  ALTER TABLE answers ADD COLUMN feedback_was_at TEXT;
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Bring `db` to the latest schema (or to schema `to`, as a log written by an older version was), each
 * step in its own transaction.
 */
export function migrate(db: Database.Database, file: string, to = SCHEMA_VERSION): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `Answer log ${file} has schema version ${current}, newer than this program (${SCHEMA_VERSION}). ` +
        'Update the program or point LOG_DB at another file.',
    );
  }
  for (let v = current; v < to; v++) {
    db.transaction(() => {
      const step = MIGRATIONS[v]!;
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
