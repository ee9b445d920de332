import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tmpDir } from '../helpers/corpus.js';

const STATEMENT =
  'وقال التحالف الدولي في بيان إن ثلاثة صواريخ سقطت قرب قاعدة حقل العمر النفطي دون وقوع إصابات بين الجنود.';

test('the batch mode lists every article a collapsed citation stands for, each with its own passage', () => {
  const dir = tmpDir();
  const corpus = path.join(dir, 'corpus.jsonl');
  const lines = [
    {
      id: 'outlet-a',
      source: 'A',
      published: '2022-01-05',
      text: `${STATEMENT}\n\nوأضاف البيان أن التحقيق جار.`,
    },
    {
      id: 'outlet-b',
      source: 'B',
      published: '2022-01-06',
      text: `${STATEMENT}\n\nوتشهد المنطقة توترًا منذ أسابيع.`,
    },
    {
      id: 'other',
      source: 'C',
      published: '2022-01-07',
      text: 'افتتح سوق جديد للخضار في مدينة الحسكة صباح اليوم.',
    },
  ];
  fs.writeFileSync(corpus, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  const indexDir = path.join(dir, 'index');
  const env = { ...process.env, EMBEDDER: 'lexical', STATE_DIR: dir };
  execFileSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/ingest.ts', '--source', corpus, '--index', indexDir],
    {
      env,
      stdio: 'ignore',
    },
  );
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/ask.ts', '--json', '--index', indexDir],
    {
      env,
      input: [
        JSON.stringify({ id: 'q1', question: 'كم صاروخا سقط قرب قاعدة حقل العمر؟' }),
        'not json',
        // A follow-up: read with the question it follows.
        JSON.stringify({ id: 'q2', question: 'هل وقعت إصابات؟', previous: 'ماذا سقط قرب قاعدة حقل العمر؟' }),
        '',
      ].join('\n'),
    },
  ).toString();
  const [answer, followUp, ...rest] = out
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  const citations = answer!.citations as { n: number; articleId: string; text: string }[];
  assert.deepEqual(
    citations.slice(0, 2).map((c) => c.n),
    [1, 1],
    'both outlets under citation [1]',
  );
  assert.deepEqual(
    citations
      .slice(0, 2)
      .map((c) => c.articleId)
      .sort(),
    ['outlet-a', 'outlet-b'],
  );
  // Each quotes its own article verbatim: the statement, and in the first the sentence after it
  // too when that is cited as well (one span, see choosePassages).
  for (const c of citations.slice(0, 2)) {
    assert.ok(c.text.startsWith(STATEMENT), c.text);
    assert.ok(lines.find((l) => l.id === c.articleId)!.text.includes(c.text), c.text);
  }
  assert.ok(!citations.some((c) => c.articleId === 'other'));
  assert.equal(answer!.follows, undefined);
  assert.equal(followUp!.id, 'q2');
  assert.equal(followUp!.follows, 'ماذا سقط قرب قاعدة حقل العمر؟');
  assert.equal(rest.length, 0, 'an unparsable line is skipped (and said on stderr), the batch goes on');
});

test('an empty question is told how to ask and exits 2, without opening an index', () => {
  const dir = tmpDir();
  const run = (...args: string[]) => {
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'scripts/ask.ts', ...args], {
        // An index that does not exist: opening it would fail differently (and build one).
        env: { ...process.env, EMBEDDER: 'lexical', STATE_DIR: dir, INDEX_DIR: path.join(dir, 'none') },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { status: 0, stderr: '' };
    } catch (err) {
      const e = err as { status: number; stderr: Buffer };
      return { status: e.status, stderr: e.stderr.toString() };
    }
  };
  for (const q of ['', '   ']) {
    const { status, stderr } = run(q);
    assert.equal(status, 2);
    assert.match(stderr, /The question is empty\.\nUsage:/);
  }
  assert.equal(fs.existsSync(path.join(dir, 'none')), false);
});

test('--index naming a folder without an index says how to build it and exits 2, creating nothing', () => {
  const dir = tmpDir();
  const empty = path.join(dir, 'empty');
  fs.mkdirSync(empty);
  for (const index of [path.join(dir, 'missing'), empty]) {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(
        process.execPath,
        ['--import', 'tsx', 'scripts/ask.ts', 'ما الذي حدث؟', '--index', index],
        {
          env: { ...process.env, EMBEDDER: 'lexical', STATE_DIR: dir, INDEX_DIR: path.join(dir, 'default') },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
    } catch (err) {
      ({ status } = err as { status: number });
      stderr = (err as { stderr: Buffer }).stderr.toString();
    }
    assert.equal(status, 2, stderr);
    assert.ok(
      stderr.includes(
        `There is no index in ${index}. Build one with \`npm run ingest -- --source PATH --index ${index}\``,
      ),
      stderr,
    );
    assert.doesNotMatch(stderr, /^\s+at /m, 'no stack trace');
  }
  assert.equal(fs.existsSync(path.join(dir, 'missing')), false, 'nothing was created');
  assert.deepEqual(fs.readdirSync(empty), [], 'nothing was built in the empty folder');
  assert.equal(fs.existsSync(path.join(dir, 'default')), false, 'nor in the default index');
});

test('the batch mode writes every answer before it exits, however slowly its reader reads', async () => {
  // More answers than a pipe holds (64 KiB), read only after the batch is done: writes to a pipe
  // are asynchronous, and exiting with some still queued had lost the last answers.
  const dir = tmpDir();
  const questions = Array.from({ length: 60 }, (_, i) => ({
    id: `q${i}`,
    question: i % 2 ? 'ماذا حدث في قاعدة القرية الخضراء؟' : 'What happened at the Al-Omar oil field?',
  }));
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/ask.ts', '--json'], {
    env: { ...process.env, EMBEDDER: 'lexical', STATE_DIR: dir },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const closed = new Promise((resolve) => child.on('close', resolve));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.stdin.end(questions.map((q) => JSON.stringify(q)).join('\n') + '\n');
  child.stdout.pause();
  // Nobody reads until the process has exited, or for 5 s: answering all of them, the seed index
  // built first, takes about 2 s; a process that waits for its reader has not exited by then.
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => (out += d));
  child.stdout.resume();
  const code = await closed;
  assert.equal(code, 0);
  const ids = out
    .trim()
    .split('\n')
    .map((l) => (JSON.parse(l) as { id: string }).id);
  assert.ok(out.length > 65_536, `${out.length} characters: more than a pipe holds`);
  assert.deepEqual(
    ids,
    questions.map((q) => q.id),
  );
});
