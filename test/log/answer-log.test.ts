import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { AnswerLog, SCHEMA_VERSION, scheduleRetention, type LogEntry } from '../../src/log/index.js';
import { migrate, MIGRATIONS } from '../../src/log/schema.js';
import { createFakeQA } from '../bot/fake-qa.js';
import { tmpDir } from '../helpers/tmp.js';

const RAW_USER_ID = 987654321;

async function entryFor(log: AnswerLog, question: string, userId = RAW_USER_ID): Promise<LogEntry> {
  const a = await createFakeQA().answer(question);
  return {
    chatType: 'private',
    chatHash: log.hashChat(userId),
    userHash: log.hashUser(userId),
    language: a.language,
    question: a.question,
    answerText: a.text + '\n\n[1] …',
    abstained: a.abstained,
    topScore: a.topScore,
    embedderId: a.embedderId,
    indexVersion: a.indexVersion,
    latencyMs: a.latencyMs,
    citations: a.citations,
  };
}

/** A log of an earlier `schema`, as the bot wrote it then, holding one answer: "Old question?". */
function oldLog(dir: string, schema: number): string {
  const file = path.join(dir, `v${schema}.sqlite`);
  const db = new Database(file);
  try {
    migrate(db, file, schema);
    db.prepare(
      `INSERT INTO answers (created_at, chat_type, user_hash, language, question, answer_text, abstained)
       VALUES ('2024-05-01T00:00:00.000Z', 'private', 'u', 'en', 'Old question?', 'Old answer.', 0)`,
    ).run();
  } finally {
    db.close();
  }
  return file;
}

describe('AnswerLog', () => {
  let dir: string;
  let clock: Date;
  let log: AnswerLog;

  beforeEach(() => {
    dir = tmpDir('answer-log-');
    clock = new Date('2024-06-01T12:00:00.000Z');
    log = new AnswerLog({ file: path.join(dir, 'nested', 'log.sqlite'), stateDir: dir, now: () => clock });
  });
  afterEach(() => {
    log.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates its folder, uses WAL and records the schema version', () => {
    assert.ok(fs.existsSync(path.join(dir, 'nested', 'log.sqlite')));
    log.close();
    const db = new Database(path.join(dir, 'nested', 'log.sqlite'));
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    const indexes = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'index'").all() as { name: string }[]
    )
      .map((r) => r.name)
      .sort();
    for (const col of ['created_at', 'top_score']) assert.ok(indexes.includes(`answers_${col}`), col);
    // Each filter of the review queue has one index, with created_at for its order: every index is
    // written on each answer, so a filter's own index beside it would only slow the bot's writes.
    for (const col of ['feedback', 'abstained', 'language', 'review_state']) {
      assert.ok(indexes.includes(`answers_${col}_created`), `index on ${col}, created_at`);
      assert.ok(!indexes.includes(`answers_${col}`), `no index on ${col} alone`);
      const plan = db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT * FROM answers WHERE ${col} = ? ORDER BY created_at DESC LIMIT 50`,
        )
        .all('x') as { detail: string }[];
      assert.deepEqual(
        plan.map((r) => r.detail),
        [`SEARCH answers USING INDEX answers_${col}_created (${col}=?)`],
      );
    }
    db.close();
    // Reopening an up-to-date log is a no-op migration.
    log = new AnswerLog({ file: path.join(dir, 'nested', 'log.sqlite'), stateDir: dir, now: () => clock });
    assert.equal(log.get(1), undefined);
  });

  it('refuses a log written by a newer schema', () => {
    log.close();
    const file = path.join(dir, 'nested', 'log.sqlite');
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    assert.throws(() => new AnswerLog({ file, stateDir: dir }), /newer than this program/);
    log = new AnswerLog({ file: path.join(dir, 'other.sqlite'), stateDir: dir });
  });

  it('records an answer with its citations and reads it back', async () => {
    const entry = await entryFor(log, 'Was the al-Omar base attacked?');
    const id = log.record(entry);
    const rec = log.get(id);
    assert.ok(rec);
    assert.equal(rec.createdAt, '2024-06-01T12:00:00.000Z');
    assert.equal(rec.question, 'Was the al-Omar base attacked?');
    assert.equal(rec.answerText, entry.answerText);
    assert.equal(rec.language, 'en');
    assert.equal(rec.abstained, false);
    assert.equal(rec.reviewState, 'unreviewed');
    assert.equal(rec.feedback, null);
    assert.equal(rec.embedderId, 'lexical-384');
    assert.equal(rec.citations.length, 2);
    const [c1, c2] = rec.citations;
    assert.equal(c1?.articleId, '001_ac5e62f6193e386d');
    assert.equal(c1?.text, entry.citations[0]?.text);
    assert.equal(c1?.score, 0.91);
    assert.equal(c1?.publishedPrecision, 'month');
    assert.equal(c1?.alsoIn[0]?.articleId, '002_0aeae3b849c18532');
    assert.equal(c2?.source, 'SY24');
    assert.equal(c2?.end, (c2?.start ?? 0) + (c2?.text.length ?? 0));
  });

  it('keeps the question a follow-up was read with; a log from before follow-ups gains the column', async () => {
    const entry = await entryFor(log, 'Was anyone hurt?');
    const id = log.record({ ...entry, follows: 'What happened at al-Omar?' });
    assert.equal(log.get(id)?.follows, 'What happened at al-Omar?');
    assert.equal(log.get(log.record(entry))?.follows, null);
    // A log written before follow-ups (schema 2): its answers stay, with no follows.
    const old = path.join(dir, 'v2.sqlite');
    const db = new Database(old);
    db.exec(MIGRATIONS[0] as string);
    db.exec(MIGRATIONS[1] as string);
    db.pragma('user_version = 2');
    db.prepare(
      `INSERT INTO answers (created_at, chat_type, user_hash, language, question, answer_text, abstained)
       VALUES ('2024-05-01T00:00:00.000Z', 'private', 'u', 'en', 'Old question?', 'Old answer.', 0)`,
    ).run();
    db.close();
    const migrated = new AnswerLog({ file: old, stateDir: dir });
    try {
      assert.equal(migrated.get(1)?.question, 'Old question?');
      assert.equal(migrated.get(1)?.follows, null);
      assert.equal(migrated.get(migrated.record({ ...entry, follows: 'Earlier?' }))?.follows, 'Earlier?');
      // It gains the message links too (schema 4).
      migrated.linkMessages(1, RAW_USER_ID, [7]);
      assert.equal(migrated.askedIn(RAW_USER_ID, 7)?.question, 'Old question?');
      // and the normalised search (schema 7), its old answers included.
      assert.deepEqual(migrated.search('old QUESTION'), [1]);
      // and the questions' own messages (schema 9): an old answer has none, a new one its own.
      assert.equal(migrated.askedBy(RAW_USER_ID, 6), undefined);
      migrated.record({ ...entry, askedWith: { chatId: RAW_USER_ID, messageId: 6 } });
      assert.equal(migrated.askedBy(RAW_USER_ID, 6), entry.question);
      // and the chat a question was sent on behalf of (schema 10): an old answer was a person's.
      assert.equal(migrated.get(1)?.askerChatHash, null);
      assert.equal(migrated.setFeedbackAsChatAdmin(1, 'up'), false);
      const asChat = migrated.record({ ...entry, askerChatHash: migrated.hashChat(-100777) });
      assert.equal(migrated.get(asChat)?.askerChatHash, migrated.hashChat(-100777));
    } finally {
      migrated.close();
    }
  });

  it('notes an answer Telegram did not deliver; a log from before (schema 10) gains the column', async () => {
    const id = log.record(await entryFor(log, 'Was the al-Omar base attacked?'));
    assert.equal(log.get(id)?.undelivered, null);
    log.markUndelivered(id, 'Forbidden: bot was blocked by the user');
    assert.equal(log.get(id)?.undelivered, 'Forbidden: bot was blocked by the user');
    // A log of schema 10, as the bot wrote it before: its answers stay, none marked undelivered.
    const old = oldLog(dir, 10);
    const migrated = new AnswerLog({ file: old, stateDir: dir });
    try {
      assert.equal(migrated.get(1)?.question, 'Old question?');
      assert.equal(migrated.get(1)?.undelivered, null);
      migrated.markUndelivered(1, '1 of 2 messages sent, then: Bad Request: TOPIC_CLOSED');
      assert.equal(migrated.get(1)?.undelivered, '1 of 2 messages sent, then: Bad Request: TOPIC_CLOSED');
      // and which group each supergroup was (schema 12).
      assert.deepEqual(migrated.chatHashes(-100555), [migrated.hashChat(-100555)]);
      migrated.noteChatMigration(-555, -100555);
      assert.deepEqual(migrated.chatHashes(-100555), [migrated.hashChat(-100555), migrated.hashChat(-555)]);
      assert.deepEqual(migrated.chatHashes(-555), [migrated.hashChat(-555)]);
    } finally {
      migrated.close();
    }
  });

  it("keeps when an answer's passages were sent, across a reopening; a log of schema 15 gains it", async () => {
    const id = log.record(await entryFor(log, 'Was the al-Omar base attacked?'));
    assert.equal(log.sourcesSentAt(id), undefined);
    log.markSourcesSent(id);
    log.markSourcesSent(id + 1);
    log.close();
    const file = path.join(dir, 'nested', 'log.sqlite');
    log = new AnswerLog({ file, stateDir: dir, now: () => clock });
    assert.equal(log.sourcesSentAt(id), clock.getTime());
    log.markSourcesSent(id, clock.getTime() + 60_000);
    assert.equal(log.sourcesSentAt(id), clock.getTime() + 60_000);
    assert.equal(log.sourcesSentAt(id + 1), undefined);
    const old = oldLog(dir, 15);
    const migrated = new AnswerLog({ file: old, stateDir: dir, now: () => clock });
    try {
      assert.equal(migrated.sourcesSentAt(1), undefined);
      migrated.markSourcesSent(1);
      assert.equal(migrated.sourcesSentAt(1), clock.getTime());
      assert.deepEqual(migrated.pendingQuestions(), []);
    } finally {
      migrated.close();
    }
  });

  it('keeps what the asker said with a 👎 until they take the 👎 back', async () => {
    const id = log.record(await entryFor(log, 'When was Green Village attacked?'));
    const asker = log.hashUser(RAW_USER_ID);
    // Someone else's words are not the asker's rating.
    assert.equal(log.setFeedback(id, log.hashUser(RAW_USER_ID + 1), 'down', 'nonsense'), false);
    assert.equal(log.get(id)?.feedbackComment, null);
    assert.ok(log.setFeedback(id, asker, 'down', 'wrong, it was on the 4th'));
    assert.deepEqual(
      [log.get(id)?.feedback, log.get(id)?.feedbackComment],
      ['down', 'wrong, it was on the 4th'],
    );
    // The 👎 button pressed after it keeps the words; a 👍 takes both back.
    assert.ok(log.setFeedback(id, asker, 'down'));
    assert.equal(log.get(id)?.feedbackComment, 'wrong, it was on the 4th');
    assert.ok(log.setFeedback(id, asker, 'up'));
    assert.deepEqual([log.get(id)?.feedback, log.get(id)?.feedbackComment], ['up', null]);
  });

  it('keeps a question being answered until cleared, sealed: the chat is not in the file', () => {
    const update = {
      update_id: 77,
      message: { message_id: 5, chat: { id: RAW_USER_ID, type: 'private' }, text: 'Who fired them?' },
    };
    log.notePending(77, update);
    clock = new Date(clock.getTime() + 30_000);
    assert.deepEqual(log.pendingQuestions(), [{ updateId: 77, ageMs: 30_000, tries: 0, update }]);
    // Answered again after a restart, or sent again by Telegram to a webhook: noted again as it comes
    // through, it keeps its tries and is dated anew (in flight from then on).
    log.markPendingTried(77);
    log.notePending(77, update);
    assert.deepEqual(
      log.pendingQuestions().map((p) => [p.tries, p.ageMs]),
      [[1, 0]],
    );
    log.close();
    const file = path.join(dir, 'nested', 'log.sqlite');
    for (const f of [file, `${file}-wal`].filter((f) => fs.existsSync(f))) {
      assert.ok(!fs.readFileSync(f).includes(String(RAW_USER_ID)), f);
      assert.ok(!fs.readFileSync(f).includes('Who fired them?'), f);
    }
    // Under another secret it cannot be read, and is dropped.
    const other = new AnswerLog({ file, stateDir: dir, hmacSecret: 'another-secret-0123456789' });
    try {
      assert.deepEqual(other.pendingQuestions(), []);
    } finally {
      other.close();
    }
    log = new AnswerLog({ file, stateDir: dir, now: () => clock });
    assert.deepEqual(log.pendingQuestions(), []);
    log.notePending(78, update);
    log.clearPending(78);
    assert.deepEqual(log.pendingQuestions(), []);
  });

  it('finds the question of an answer by the messages that carried it, by keyed hash only', async () => {
    const first = log.record(await entryFor(log, 'What happened at al-Omar?'));
    const second = log.record({
      ...(await entryFor(log, 'Was anyone hurt?')),
      follows: 'What happened at al-Omar?',
    });
    log.linkMessages(first, RAW_USER_ID, [1001]);
    // A long answer goes out in parts; a reply to any part finds it.
    log.linkMessages(second, RAW_USER_ID, [1002, 1003]);
    assert.deepEqual(log.askedIn(RAW_USER_ID, 1001), {
      question: 'What happened at al-Omar?',
      follows: null,
    });
    assert.deepEqual(log.askedIn(RAW_USER_ID, 1003), {
      question: 'Was anyone hurt?',
      follows: 'What happened at al-Omar?',
    });
    // The same message id in another chat is another message.
    assert.equal(log.askedIn(RAW_USER_ID + 1, 1001), undefined);
    assert.equal(log.askedIn(RAW_USER_ID, 999), undefined);
    // Neither id is stored as such, and reopening the log keeps the links.
    log.close();
    const file = path.join(dir, 'nested', 'log.sqlite');
    const db = new Database(file, { readonly: true });
    const hashes = db.prepare('SELECT message_hash FROM answer_messages').pluck().all() as string[];
    db.close();
    assert.equal(hashes.length, 3);
    for (const h of hashes) assert.match(h, /^[0-9a-f]{64}$/);
    assert.ok(!fs.readFileSync(file).includes(String(RAW_USER_ID)));
    log = new AnswerLog({ file, stateDir: dir, now: () => clock });
    assert.equal(log.askedIn(RAW_USER_ID, 1002)?.question, 'Was anyone hurt?');
  });

  it("finds what a person's message was last answered for, by keyed hash only", async () => {
    const asked = { chatId: RAW_USER_ID, messageId: 41 };
    log.record({ ...(await entryFor(log, 'What hapened at al-Omr?')), askedWith: asked });
    assert.equal(log.askedBy(RAW_USER_ID, 41), 'What hapened at al-Omr?');
    // The message edited and answered again: its latest question.
    log.record({ ...(await entryFor(log, 'What happened at al-Omar?')), askedWith: asked });
    assert.equal(log.askedBy(RAW_USER_ID, 41), 'What happened at al-Omar?');
    // The same message id in another chat is another message; an answer without one links none.
    assert.equal(log.askedBy(RAW_USER_ID + 1, 41), undefined);
    log.record(await entryFor(log, 'Was anyone hurt?'));
    log.close();
    const file = path.join(dir, 'nested', 'log.sqlite');
    const db = new Database(file, { readonly: true });
    const hashes = db.prepare('SELECT message_hash FROM question_messages').pluck().all() as string[];
    db.close();
    assert.equal(hashes.length, 1);
    assert.match(hashes[0]!, /^[0-9a-f]{64}$/);
    assert.ok(!fs.readFileSync(file).includes(String(RAW_USER_ID)));
    log = new AnswerLog({ file, stateDir: dir, now: () => clock });
    assert.equal(log.askedBy(RAW_USER_ID, 41), 'What happened at al-Omar?');
  });

  it('records an abstention without citations', async () => {
    const id = log.record(await entryFor(log, 'What is the weather in Paris?'));
    const rec = log.get(id);
    assert.equal(rec?.abstained, true);
    assert.deepEqual(rec?.citations, []);
  });

  it('writes answer and citations in one transaction', async () => {
    const entry = await entryFor(log, 'Was the al-Omar base attacked?');
    const dup = entry.citations[0];
    assert.ok(dup);
    entry.citations.push({ ...dup }); // same (answer_id, n): the second citation insert fails
    assert.throws(() => log.record(entry));
    assert.equal(log.get(1), undefined);
    assert.deepEqual(log.search('Omar'), []);
  });

  it('never stores the raw user id; hashes are stable across restarts', async () => {
    const id = log.record(await entryFor(log, 'Was the al-Omar base attacked?'));
    const hash = log.hashUser(RAW_USER_ID);
    assert.match(hash, /^[0-9a-f]{64}$/);
    assert.equal(log.hashUser(RAW_USER_ID), hash);
    assert.notEqual(log.hashUser(RAW_USER_ID + 1), hash);
    assert.equal(log.get(id)?.userHash, hash);
    log.close();
    const bytes = fs.readFileSync(path.join(dir, 'nested', 'log.sqlite'));
    assert.equal(bytes.includes(Buffer.from(String(RAW_USER_ID))), false);
    const secretFile = path.join(dir, 'log-hmac-secret');
    assert.equal(fs.statSync(secretFile).mode & 0o777, 0o600);
    log = new AnswerLog({ file: path.join(dir, 'nested', 'log.sqlite'), stateDir: dir });
    assert.equal(log.hashUser(RAW_USER_ID), hash);
  });

  it('uses a configured secret instead of generating one', () => {
    const other = new AnswerLog({
      file: path.join(dir, 'b.sqlite'),
      stateDir: path.join(dir, 'state2'),
      hmacSecret: 'a-configured-secret-of-some-length',
    });
    assert.equal(fs.existsSync(path.join(dir, 'state2', 'log-hmac-secret')), false);
    assert.notEqual(other.hashUser(RAW_USER_ID), log.hashUser(RAW_USER_ID));
    other.close();
  });

  it('lets only the asker rate an answer; a second rating replaces the first', async () => {
    const id = log.record(await entryFor(log, 'Was the al-Omar base attacked?'));
    assert.equal(log.setFeedback(id, log.hashUser(111), 'down'), false);
    assert.equal(log.get(id)?.feedback, null);
    assert.equal(log.setFeedback(id, log.hashUser(RAW_USER_ID), 'up'), true);
    assert.equal(log.get(id)?.feedback, 'up');
    assert.equal(log.get(id)?.feedbackAt, '2024-06-01T12:00:00.000Z');
    clock = new Date('2024-06-01T12:05:00.000Z');
    assert.equal(log.setFeedback(id, log.hashUser(RAW_USER_ID), 'down'), true);
    assert.equal(log.get(id)?.feedback, 'down');
    assert.equal(log.get(id)?.feedbackAt, '2024-06-01T12:05:00.000Z');
    assert.equal(log.setFeedback(id + 100, log.hashUser(RAW_USER_ID), 'up'), false);
  });

  it('keeps the rating a changed one replaced, and when it was given; the same rating again is no change', async () => {
    const id = log.record(await entryFor(log, 'Was the al-Omar base attacked?'));
    const me = log.hashUser(RAW_USER_ID);
    const was = () => [log.get(id)?.feedbackWas, log.get(id)?.feedbackWasAt];
    assert.deepEqual(was(), [null, null], 'not rated');
    log.setFeedback(id, me, 'up');
    assert.deepEqual(was(), [null, null], 'rated once');
    clock = new Date('2024-06-01T12:05:00.000Z');
    log.setFeedback(id, me, 'up');
    assert.deepEqual(was(), [null, null], 'the same button again');
    clock = new Date('2024-06-01T12:09:00.000Z');
    log.setFeedback(id, me, 'down');
    assert.equal(log.get(id)?.feedback, 'down');
    assert.deepEqual(was(), ['up', '2024-06-01T12:05:00.000Z'], '👍 then 👎');
    clock = new Date('2024-06-01T12:20:00.000Z');
    log.setFeedback(id, me, 'down');
    assert.deepEqual(was(), ['up', '2024-06-01T12:05:00.000Z'], '👎 again keeps what it replaced');
    // An admin of the chat a question was asked as changes another admin's rating: kept the same way.
    const asChat = log.record({
      ...(await entryFor(log, 'Was the al-Omar base attacked?', 1087968824)),
      chatHash: log.hashChat(-1009876543210),
      askerChatHash: log.hashChat(-1009876543210),
    });
    log.setFeedbackAsChatAdmin(asChat, 'down');
    clock = new Date('2024-06-01T12:30:00.000Z');
    log.setFeedbackAsChatAdmin(asChat, 'up');
    assert.deepEqual(
      [log.get(asChat)?.feedback, log.get(asChat)?.feedbackWas, log.get(asChat)?.feedbackWasAt],
      ['up', 'down', '2024-06-01T12:20:00.000Z'],
    );
  });

  it("lets a chat's admins rate only an answer asked on behalf of a chat, keyed like a chat", async () => {
    const person = log.record(await entryFor(log, 'Was the al-Omar base attacked?'));
    const asChat = log.record({
      ...(await entryFor(log, 'Was the al-Omar base attacked?', 1087968824)),
      chatHash: log.hashChat(-1009876543210),
      askerChatHash: log.hashChat(-1009876543210),
    });
    assert.equal(log.get(person)?.askerChatHash, null);
    assert.equal(log.setFeedbackAsChatAdmin(person, 'up'), false);
    assert.equal(log.get(person)?.feedback, null);
    assert.equal(log.setFeedbackAsChatAdmin(asChat, 'down'), true);
    assert.equal(log.get(asChat)?.feedback, 'down');
    assert.equal(log.get(asChat)?.feedbackAt, '2024-06-01T12:00:00.000Z');
    assert.equal(log.setFeedbackAsChatAdmin(asChat + 100, 'up'), false);
    log.close();
    const bytes = fs.readFileSync(path.join(dir, 'nested', 'log.sqlite'));
    assert.equal(bytes.includes(Buffer.from('1009876543210')), false, 'never the raw chat id');
    log = new AnswerLog({ file: path.join(dir, 'nested', 'log.sqlite'), stateDir: dir, now: () => clock });
  });

  it('sets review states with an audit trail', async () => {
    const id = log.record(await entryFor(log, 'هل تعرضت قاعدة حقل العمر لهجوم؟'));
    assert.equal(log.setReview(id, 'mona', 'incorrect', 'wrong base'), 'saved');
    clock = new Date('2024-06-02T08:00:00.000Z');
    assert.equal(log.setReview(id, 'sami', 'correct'), 'saved');
    const rec = log.get(id);
    assert.equal(rec?.reviewState, 'correct');
    assert.equal(rec?.reviewedBy, 'sami');
    assert.equal(rec?.reviewedAt, '2024-06-02T08:00:00.000Z');
    assert.equal(rec?.reviewNote, null);
    const events = log.reviewEvents(id);
    assert.deepEqual(
      events.map((e) => [e.moderator, e.fromState, e.toState, e.note]),
      [
        ['mona', 'unreviewed', 'incorrect', 'wrong base'],
        ['sami', 'incorrect', 'correct', null],
      ],
    );
    assert.equal(log.setReview(id + 1, 'sami', 'correct'), 'not-found');
    // A page opened before sami's review does not overwrite it unseen.
    assert.equal(log.setReview(id, 'mona', 'incorrect', 'still wrong', null), 'changed');
    assert.equal(
      log.setReview(id, 'mona', 'incorrect', 'still wrong', '2024-06-01T12:00:00.000Z'),
      'changed',
    );
    assert.equal(log.get(id)?.reviewState, 'correct');
    assert.equal(
      log.setReview(id, 'sami', 'correct', 'checked twice', null),
      'saved',
      'their own to replace',
    );
    assert.throws(() => log.setReview(id, 'sami', 'bogus' as 'correct'), /Unknown review state/);
    assert.throws(() => log.setReview(id, ' ', 'correct'), /moderator/);
    assert.equal(log.reviewEvents(id).length, 3);
  });

  it('takes a verdict back to unreviewed, as if never reviewed, keeping it in the audit trail', async () => {
    const id = log.record(await entryFor(log, 'هل تعرضت قاعدة حقل العمر لهجوم؟'));
    assert.equal(log.setReview(id, 'mona', 'unreviewed', 'nothing to take back'), 'unchanged');
    assert.deepEqual(log.reviewEvents(id), [], 'nothing to take back: nothing recorded');
    assert.equal(log.setReview(id, 'mona', 'correct', 'looks right'), 'saved');
    const seenByMona = log.get(id)?.reviewedAt;
    clock = new Date('2024-06-02T08:00:00.000Z');
    assert.equal(log.setReview(id, 'sami', 'unreviewed', 'marked by mistake'), 'saved');
    const rec = log.get(id);
    assert.equal(rec?.reviewState, 'unreviewed');
    assert.equal(rec?.reviewNote, null);
    assert.equal(rec?.reviewedBy, null);
    assert.equal(rec?.reviewedAt, null);
    assert.deepEqual(
      log.reviewEvents(id).map((e) => [e.moderator, e.at, e.fromState, e.toState, e.note]),
      [
        ['mona', '2024-06-01T12:00:00.000Z', 'unreviewed', 'correct', 'looks right'],
        ['sami', '2024-06-02T08:00:00.000Z', 'correct', 'unreviewed', 'marked by mistake'],
      ],
    );
    // Mona's page still shows her verdict: sami's change is not overwritten unseen, though the answer
    // no longer names a reviewer; sami, who took it back, may give a verdict from the same page.
    assert.equal(log.setReview(id, 'mona', 'incorrect', null, seenByMona), 'changed');
    assert.equal(log.setReview(id, 'sami', 'incorrect', null, seenByMona), 'saved');
    assert.equal(log.get(id)?.reviewedBy, 'sami');
  });

  it('does not call a never-reviewed answer changed, whatever `seen` a crafted form sends', async () => {
    const id = log.record(await entryFor(log, 'هل تعرضت قاعدة حقل العمر لهجوم؟'));
    assert.equal(log.setReview(id, 'mona', 'correct', null, 'x'), 'saved');
    assert.equal(log.get(id)?.reviewedBy, 'mona');
    // A review with no audit row (written by hand in the database) is still someone's: not overwritten.
    const other = log.record(await entryFor(log, 'من قصف الميادين؟'));
    const db = new Database(log.file);
    db.prepare(
      "UPDATE answers SET review_state = 'incorrect', reviewed_by = 'sami', reviewed_at = ? WHERE id = ?",
    ).run('2024-05-01T00:00:00.000Z', other);
    db.close();
    assert.equal(log.setReview(other, 'mona', 'correct', null, null), 'changed');
    assert.equal(log.setReview(other, 'mona', 'correct', null, '2024-05-01T00:00:00.000Z'), 'saved');
  });

  it('finds answers by text (FTS5), Arabic and English, and forgets deleted ones', async () => {
    const en = log.record(await entryFor(log, 'Was the al-Omar base attacked?'));
    const ar = log.record(await entryFor(log, 'ماذا حدث في الميادين؟'));
    assert.deepEqual(log.search('omar'), [en]);
    assert.deepEqual(log.search('الميادين'), [ar]);
    assert.deepEqual(log.search('"unbalanced AND ('), []);
    // Words as the analyser sees them: diacritics and a shadda, hamza forms, the article.
    const shadda = log.record(await entryFor(log, 'هل قصّفت القواتُ الأمريكية مقرّاً في البوكمال؟'));
    assert.deepEqual(log.search('قصفت'), [shadda]);
    assert.deepEqual(log.search('امريكيه'), [shadda]);
    assert.deepEqual(log.search('ميادين'), [ar], 'الميادين without its article');
    assert.deepEqual(log.search('؟!'), [], 'punctuation alone finds nothing');
    clock = new Date('2025-06-01T12:00:00.000Z');
    log.purge(30);
    assert.deepEqual(log.search('omar'), []);
  });

  it('finds an Arabic word written with or without its hamza, whatever the seat', async () => {
    const official = log.record(await entryFor(log, 'ماذا قال المسؤول الأمريكي عن الهجوم؟'));
    const nothing = log.record(await entryFor(log, 'ألم يحدث شيء في الـــميادين؟'));
    for (const spelling of ['مسؤول', 'مسئول', 'مسوول', 'المسئول', 'مسول']) {
      assert.deepEqual(log.search(spelling), [official], spelling);
    }
    assert.deepEqual(log.search('قال مسئول'), [official], 'with another word');
    for (const spelling of ['شيء', 'شي', 'شئ']) assert.deepEqual(log.search(spelling), [nothing], spelling);
    // Tatweel and diacritics, as before.
    assert.deepEqual(log.search('الميادين'), [nothing]);
    assert.deepEqual(log.search('الْمَيَادِين'), [nothing]);
    assert.deepEqual(log.search('رئيس'), []);
  });

  it('finds the start of a word, and an Arabic word joined to a preposition or conjunction', async () => {
    const rockets = log.record(await entryFor(log, 'How many rockets hit the US base?'));
    const used = log.record(await entryFor(log, 'Which weapons were used?'));
    const joined = log.record(await entryFor(log, 'هل استُهدفت القاعدة بصاروخ أم بطائرة؟'));
    const kinds = log.record(await entryFor(log, 'ما الأسلحة الصاروخية لدى الميليشيات؟'));
    assert.deepEqual(log.search('rocket'), [rockets]);
    assert.deepEqual(log.search('ROCK'), [rockets]);
    // A word of two letters is only itself: "us" is not the start of every "used".
    assert.deepEqual(log.search('us'), [rockets]);
    assert.deepEqual(log.search('use'), [used]);
    // صاروخ: بصاروخ (with), الصاروخية (the article and an ending).
    assert.deepEqual(log.search('صاروخ'), [kinds, joined]);
    assert.deepEqual(log.search('طائرة'), [joined]);
    assert.deepEqual(log.search('بصاروخ'), [joined]);
    for (const joinedTo of ['لصاروخ', 'كصاروخ', 'فصاروخ', 'وبصاروخ']) {
      const id = log.record(await entryFor(log, `ما قصة ${joinedTo} الأمس؟`));
      assert.deepEqual(log.search('صاروخ').slice(0, 1), [id], joinedTo);
    }
    // A word that merely starts with one of those letters still finds itself, not a shorter one.
    const statement = log.record(await entryFor(log, 'ماذا قال البيان عن لبنان؟'));
    assert.deepEqual(log.search('بيان'), [statement]);
    assert.deepEqual(log.search('لبنان'), [statement]);
  });

  it('keeps a word that had a hamza apart from a word without one: ماء does not find ما', async () => {
    const what = log.record(await entryFor(log, 'ما الذي حدث في البوكمال؟'));
    const water = log.record(await entryFor(log, 'هل قُطعت مياه الشرب؟ انقطع الماء عن الحي'));
    assert.deepEqual(log.search('ماء'), [water]);
    // Without its hamza a word still finds the spellings with it, as before.
    assert.deepEqual(log.search('ما'), [water, what]);
    const thing = log.record(await entryFor(log, 'لم يبق شئ في المستودع'));
    // شئ (the hamza on a yeh's seat) and شيء are one word; so are مسئول and مسؤول.
    assert.deepEqual(log.search('شيء'), [thing]);
    const official = log.record(await entryFor(log, 'ماذا قال المسئول؟'));
    assert.deepEqual(log.search('مسؤول'), [official]);
  });

  it('writes the index again for a log from before hamza spellings were kept apart (schema 13)', async () => {
    const old = path.join(dir, 'v13.sqlite');
    const db = new Database(old);
    migrate(db, old, 13);
    const add = db.prepare(
      `INSERT INTO answers (created_at, chat_type, user_hash, language, question, answer_text, abstained)
       VALUES ('2024-05-01T00:00:00.000Z', 'private', 'u', 'ar', ?, 'لا شيء.', 0)`,
    );
    const fts = db.prepare('INSERT INTO answers_fts(rowid, question, answer_text) VALUES (?, ?, ?)');
    // As schema 13's log indexed them: a word and its spelling without hamza, side by side.
    fts.run(add.run('ما الذي حدث؟').lastInsertRowid, 'ما الذي حدث', 'لا شيء شي');
    fts.run(add.run('هل ضُرب بصاروخ؟').lastInsertRowid, 'هل ضرب بصاروخ', 'لا شيء شي');
    db.close();
    const migrated = new AnswerLog({ file: old, stateDir: dir });
    try {
      assert.deepEqual(migrated.search('صاروخ'), [2]);
      assert.deepEqual(migrated.search('حدث'), [1]);
      assert.deepEqual(migrated.search('شي'), [2, 1]);
    } finally {
      migrated.close();
    }
    const after = new Database(old, { readonly: true });
    try {
      assert.equal(after.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    } finally {
      after.close();
    }
  });

  it('writes the index again for a log from before the spellings without hamza (schema 12)', async () => {
    const old = path.join(dir, 'v12.sqlite');
    const db = new Database(old);
    migrate(db, old, 12);
    db.prepare(
      `INSERT INTO answers (created_at, chat_type, user_hash, language, question, answer_text, abstained)
       VALUES ('2024-05-01T00:00:00.000Z', 'private', 'u', 'ar', 'ماذا قال المسؤول؟', 'لا شيء.', 0)`,
    ).run();
    // As schema 12's log indexed it: the analyser's words alone.
    db.prepare('INSERT INTO answers_fts(rowid, question, answer_text) VALUES (1, ?, ?)').run(
      'ماذا قال مسوول',
      'لا شيء',
    );
    db.close();
    const migrated = new AnswerLog({ file: old, stateDir: dir });
    try {
      assert.deepEqual(migrated.search('مسئول'), [1]);
      assert.deepEqual(migrated.search('شي'), [1]);
      assert.deepEqual(migrated.search('ماذا'), [1], 'once, not twice');
    } finally {
      migrated.close();
    }
  });

  it('purges answers older than the retention, with their citations and review events', async () => {
    const old = log.record({
      ...(await entryFor(log, 'Was the al-Omar base attacked?')),
      askedWith: { chatId: RAW_USER_ID, messageId: 1000 },
    });
    log.setReview(old, 'mona', 'correct');
    log.linkMessages(old, RAW_USER_ID, [1001]);
    clock = new Date('2024-06-20T12:00:00.000Z');
    const recent = log.record(await entryFor(log, 'ماذا حدث في الميادين؟'));
    assert.equal(log.isExpired(log.get(old)?.createdAt ?? '', 10), true);
    assert.equal(log.isExpired(log.get(old)?.createdAt ?? '', 0), false);
    assert.equal(log.purge(10), 1);
    assert.equal(log.get(old), undefined);
    assert.ok(log.get(recent));
    assert.deepEqual(log.reviewEvents(old), []);
    // A reply to the purged answer no longer finds its question.
    assert.equal(log.askedIn(RAW_USER_ID, 1001), undefined);
    assert.equal(log.askedBy(RAW_USER_ID, 1000), undefined);
    log.close();
    const db = new Database(path.join(dir, 'nested', 'log.sqlite'));
    const orphans = db.prepare('SELECT count(*) AS n FROM citations WHERE answer_id = ?').get(old) as {
      n: number;
    };
    assert.equal(orphans.n, 0);
    assert.equal(db.prepare('SELECT count(*) FROM answer_messages').pluck().get(), 0);
    assert.equal(db.prepare('SELECT count(*) FROM question_messages').pluck().get(), 0);
    db.close();
    log = new AnswerLog({ file: path.join(dir, 'nested', 'log.sqlite'), stateDir: dir });
  });

  it('schedules retention: purges at start, reports, and keeps everything when days is 0', async () => {
    log.record(await entryFor(log, 'Was the al-Omar base attacked?'));
    clock = new Date('2025-01-01T00:00:00.000Z');
    const reports: string[] = [];
    const keep = scheduleRetention(log, 0, (m) => reports.push(m));
    keep.stop();
    assert.ok(log.get(1));
    const handle = scheduleRetention(log, 30, (m) => reports.push(m));
    handle.stop();
    assert.equal(log.get(1), undefined);
    assert.deepEqual(reports, ['answer log: purged 1 answer older than 30 days']);
    log.close();
    const failures: unknown[] = [];
    scheduleRetention(log, 30, (_m, err) => failures.push(err)).stop();
    assert.equal(failures.length, 1);
  });
});
