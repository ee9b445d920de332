import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openQA, type IncidentQA } from '../../src/answer/index.js';
import { AnswerThread, answersOnThread, openAnswering, THREAD_FROM } from '../../src/answer/thread.js';
import type { Answer } from '../../src/answer/types.js';
import { loadConfig } from '../../src/config.js';
import { tmpDir } from '../helpers/corpus.js';
import { makeTinyE5 } from '../helpers/tiny-onnx.js';

const MISBEHAVING = new URL('../helpers/misbehaving-answer-thread.mjs', import.meta.url);
const config = loadConfig({ EMBEDDER: 'lexical', STATE_DIR: tmpDir() });

/** An answer without the time it took, which differs from one run to the next. */
const timeless = ({ latencyMs: _, ...rest }: Answer) => rest;

describe('the answering thread, on the seed index', () => {
  let here: IncidentQA;
  let thread: AnswerThread;
  const progress: string[] = [];

  before(async () => {
    // The thread builds the index on a first start, saying so, as the bot does.
    thread = await AnswerThread.open(config, { onProgress: (line) => progress.push(line) });
    here = await openQA(config, { buildIfMissing: false });
  });
  after(async () => {
    await thread.close();
    await here.close();
  });

  test('reports its progress while it builds the index', () => {
    assert.ok(
      progress.some((l) => /index built: 5 articles/.test(l)),
      progress.join('\n'),
    );
  });

  test('answers exactly as the core does on the calling thread, follow-ups and abstentions too', async () => {
    const asked: [string, { previous?: string }?][] = [
      ['كم عدد القذائف الصاروخية التي استهدفت قاعدة القرية الخضراء؟'],
      ['Which school did the Fatemiyoun militia use as a headquarters?'],
      ['Was anyone killed?', { previous: 'What did the drones hit in Deir ez-Zor?' }],
      ['What is the population of Damascus?'],
    ];
    // Asked all at once: each answer comes back to its own question.
    const threaded = await Promise.all(asked.map(([q, o]) => thread.answer(q, o)));
    for (const [i, [q, o]] of asked.entries()) {
      assert.deepEqual(timeless(threaded[i]!), timeless(await here.answer(q, o)), q);
    }
    assert.equal(threaded[3]!.abstained, true);
  });

  test('describes the index as the core does', () => {
    assert.deepEqual(thread.info(), here.info());
    assert.deepEqual(thread.listArticles(), here.listArticles());
    assert.deepEqual(thread.listArticles(2), here.listArticles(2));
  });

  test('closing lets the answers in flight finish, then refuses new questions', async () => {
    const closing = await AnswerThread.open(config);
    const question = 'Which school did the Fatemiyoun militia use as a headquarters?';
    const inFlight = closing.answer(question);
    await closing.close();
    assert.deepEqual(timeless(await inFlight), timeless(await here.answer(question)));
    await assert.rejects(closing.answer(question), /closed/);
  });

  test('on the seed index the bot answers on its own thread by default; ANSWER_THREAD=true gives one', async () => {
    const inline = await openAnswering(config);
    const threaded = await openAnswering({ ...config, ANSWER_THREAD: true });
    try {
      assert.ok(!(inline instanceof AnswerThread));
      assert.ok(threaded instanceof AnswerThread);
    } finally {
      await threaded.close();
      await inline.close();
    }
  });
});

test('the e5 embedder loads and embeds on the answering thread (a tiny model of the real format)', async () => {
  const dir = tmpDir();
  await makeTinyE5(path.join(dir, 'e5'));
  const thread = await AnswerThread.open(
    loadConfig({ EMBEDDER: 'e5', E5_MODEL_DIR: path.join(dir, 'e5'), STATE_DIR: dir }),
  );
  try {
    assert.match(thread.info().embedderId, /^e5:/);
    const a = await thread.answer('كم عدد القذائف الصاروخية التي استهدفت قاعدة القرية الخضراء؟');
    assert.equal(a.embedderId, thread.info().embedderId);
    assert.equal(a.abstained, false);
  } finally {
    await thread.close();
  }
});

test('ANSWER_THREAD=auto answers on a thread of its own from 5,000 passages; true and false are kept', () => {
  assert.equal(THREAD_FROM, 5_000);
  assert.equal(answersOnThread('auto', 4_999), false);
  assert.equal(answersOnThread('auto', 5_000), true);
  assert.equal(answersOnThread(true, 88), true);
  assert.equal(answersOnThread(false, 219_742), false);
  assert.equal(loadConfig({}).ANSWER_THREAD, 'auto');
  assert.equal(loadConfig({ ANSWER_THREAD: 'yes' }).ANSWER_THREAD, true);
  assert.throws(() => loadConfig({ ANSWER_THREAD: 'sometimes' }), /ANSWER_THREAD/);
});

describe('the answering thread, when things go wrong', () => {
  test('an index it cannot open is reported with its name and message, as on the calling thread', async () => {
    await assert.rejects(AnswerThread.open(config, { entry: MISBEHAVING, indexDir: 'unreadable' }), {
      name: 'IndexError',
      message: /npm run ingest/,
    });
    const real = tmpDir();
    await assert.rejects(AnswerThread.open(config, { indexDir: real, buildIfMissing: false }), {
      name: 'IndexError',
    });
  });

  test('a failed answer fails that question alone', async () => {
    const thread = await AnswerThread.open(config, { entry: MISBEHAVING });
    try {
      const [failed, fine] = await Promise.allSettled([thread.answer('fail'), thread.answer('fine')]);
      assert.equal(failed.status, 'rejected');
      assert.equal((failed as PromiseRejectedResult).reason.name, 'TypeError');
      assert.equal((failed as PromiseRejectedResult).reason.message, 'it failed');
      assert.equal(fine.status, 'fulfilled');
    } finally {
      await thread.close();
    }
  });

  test('a thread that dies fails the answers it owed, and the next question starts a new one', async () => {
    const thread = await AnswerThread.open(config, { entry: MISBEHAVING });
    try {
      const first = (await thread.answer('fine')).text;
      const owed = thread.answer('slow');
      await assert.rejects(thread.answer('crash'), /answering thread stopped \(exit code 3\)/);
      await assert.rejects(owed, /answering thread stopped/);
      await assert.rejects(thread.answer('throw'), /stopped \(exit code 1\): uncaught in the thread/);
      const again = (await thread.answer('fine')).text;
      assert.match(again, /^answered on thread \d+$/);
      assert.notEqual(again, first, 'a new thread answers');
    } finally {
      await thread.close();
    }
  });
});
