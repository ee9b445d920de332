import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { explainError } from '../../src/cli/errors.js';
import { ConfigError } from '../../src/config.js';
import { IndexError } from '../../src/index/index.js';
import { tmpDir } from '../helpers/corpus.js';

test('what a person can fix is one line; a bug keeps its stack', () => {
  const usage = 'Usage: npm run x -- [--flag]';
  let parseError: unknown;
  try {
    parseArgs({ args: ['--nope'], options: {} });
  } catch (err) {
    parseError = err;
  }
  const typo = explainError(parseError, usage);
  assert.equal(typo.code, 2);
  assert.match(typo.text, /^Unknown option '--nope'.*\n\nUsage: npm run x -- \[--flag\]$/s);
  assert.deepEqual(explainError(new ConfigError('TOP_K: too big')), { text: 'TOP_K: too big', code: 2 });
  assert.deepEqual(explainError(new IndexError('re-run ingest')), { text: 're-run ingest', code: 1 });

  const full = Object.assign(new Error("ENOSPC: no space left on device, write '/x'"), {
    code: 'ENOSPC',
    syscall: 'write',
  });
  const { text, code } = explainError(full);
  assert.equal(code, 1);
  assert.match(text, /^ENOSPC: no space left on device, write '\/x'\nthe disk is full: free some space/);
  assert.doesNotMatch(text, /\n\s+at /, 'no stack trace');

  // SQLite's own "disk is full", as better-sqlite3 throws it.
  const sqliteFull = new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
  const explained = explainError(sqliteFull);
  assert.match(explained.text, /^database or disk is full\nthe disk is full: free some space/);
  assert.doesNotMatch(explained.text, /\n\s+at /, 'no stack trace');

  const bug = new TypeError('cannot read properties of undefined');
  assert.match(explainError(bug).text, /TypeError: cannot read.*\n\s+at /s, 'a bug shows where it happened');
});

test('npm run ingest: a held lock, a missing source, an index that is a file and a mistyped option each get one clear line', () => {
  const indexDir = tmpDir();
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', ...args], {
      env: { ...process.env, EMBEDDER: 'lexical' },
      encoding: 'utf8',
    });
  const noStack = (stderr: string) => assert.doesNotMatch(stderr, /\n\s+at /, stderr);

  const missing = run('--source', path.join(indexDir, 'nowhere'), '--index', indexDir);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /Article source not found: .*nowhere/);
  noStack(missing.stderr);

  // This test's own process is alive: the lock is another ingestion's.
  fs.writeFileSync(path.join(indexDir, '.lock'), String(process.pid));
  const locked = run('--source', 'data/articles', '--index', indexDir);
  assert.equal(locked.status, 1);
  assert.match(locked.stderr, new RegExp(`held by process ${process.pid}: another ingestion is running`));
  noStack(locked.stderr);

  // --index given a file: one line, not mkdir's EEXIST with a stack trace.
  const file = path.join(indexDir, 'corpus.jsonl');
  fs.writeFileSync(file, '');
  const notFolder = run('--source', 'data/articles', '--index', file);
  assert.equal(notFolder.status, 1);
  assert.match(
    notFolder.stderr,
    /corpus\.jsonl is a file, not a folder\. --index \(or INDEX_DIR\) names the folder/,
  );
  noStack(notFolder.stderr);

  // --index inside the articles folder: one line, before anything is written there.
  const articles = tmpDir();
  fs.writeFileSync(path.join(articles, 'a.md'), 'قصف في ريف دير الزور.\n');
  const overlap = run('--source', articles, '--index', path.join(articles, 'index'));
  assert.equal(overlap.status, 1);
  assert.match(
    overlap.stderr.split('\n').at(-2)!,
    /^\S+index \(--index\) is inside the article folder \S+: .* nothing was written\.$/,
  );
  noStack(overlap.stderr);
  assert.deepEqual(fs.readdirSync(articles), ['a.md']);

  const typo = run('--sauce', 'data/articles');
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /Unknown option '--sauce'[\s\S]*Usage: npm run ingest/);
  noStack(typo.stderr);
});

test('npm run ingest refuses to remove most of an index from another source (exit 2) unless --allow-removal', () => {
  const dir = tmpDir();
  const corpus = path.join(dir, 'corpus.jsonl');
  const lines = Array.from({ length: 30 }, (_, i) =>
    JSON.stringify({ id: `old-${i}`, text: `خبر رقم ${i} عن قصف في ريف دير الزور.` }),
  );
  fs.writeFileSync(corpus, lines.join('\n') + '\n');
  const indexDir = path.join(dir, 'index');
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ingest.ts', '--index', indexDir, ...args], {
      env: { ...process.env, EMBEDDER: 'lexical' },
      encoding: 'utf8',
    });
  assert.equal(run('--source', corpus).status, 0);

  const refused = run('--source', 'data/articles');
  assert.equal(refused.status, 2, refused.stderr);
  assert.match(
    refused.stderr,
    /would remove 30 of the 30 indexed articles .*\(old-0, old-1, old-2, old-3, old-4, …\)/,
  );
  assert.match(refused.stderr, /nothing was changed/);
  assert.match(refused.stderr, /--allow-removal/);
  assert.doesNotMatch(refused.stderr, /\n\s+at /, refused.stderr);

  const allowed = run('--source', 'data/articles', '--allow-removal');
  assert.equal(allowed.status, 0, allowed.stderr);
  assert.match(allowed.stdout, /added 5, updated 0, removed 30/);

  const help = run('--help');
  assert.match(help.stdout, /--allow-removal/);
});

test('npm run ingest names a skipped JSON line once, as file:line, not again in the reason', () => {
  const dir = tmpDir();
  const corpus = path.join(dir, 'corpus.jsonl');
  const cut = '{"id": "cut", "text": "خبر';
  /** JSON.parse's own words, which differ between Node versions. */
  let invalid = '';
  try {
    JSON.parse(cut);
  } catch (err) {
    invalid = (err as Error).message.slice(0, 80);
  }
  fs.writeFileSync(
    corpus,
    [
      JSON.stringify({ id: 'ok', text: 'قصف في ريف دير الزور.' }),
      cut,
      JSON.stringify({ id: 'typo', text: 'نص', publised: '2022' }),
      '[1, 2]',
    ].join('\n') + '\n',
  );
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/ingest.ts', '--source', corpus, '--index', path.join(dir, 'index')],
    { env: { ...process.env, EMBEDDER: 'lexical' }, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.split('\n').slice(r.stdout.split('\n').indexOf('skipped:') + 1, -1), [
    `  ${corpus}:2: invalid JSON (${invalid})`,
    `  ${corpus}:3: unknown key "publised" (allowed: id, title, source, published, url, language, text)`,
    `  ${corpus}:4: a JSON array; write each article object on a line of its own`,
  ]);
});

test('every script prints its usage for --help and does nothing else; a mistyped option gets it too', async () => {
  const dir = tmpDir();
  // Nothing may be created: not an answer log, not a model folder, not an index.
  const env = {
    ...process.env,
    LOG_DB: path.join(dir, 'answers.sqlite'),
    E5_MODEL_DIR: path.join(dir, 'model'),
    INDEX_DIR: path.join(dir, 'index'),
    TELEGRAM_BOT_TOKEN: '123:abc',
  };
  const run = (script: string, ...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { env });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d));
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  const scripts = [
    'start',
    'fetch-model',
    'eval',
    'bench-bot',
    'bench-review',
    'review',
    'ask',
    'ingest',
    'bench',
  ];
  const helped = await Promise.all(scripts.map((s) => run(s, '--help')));
  helped.forEach((r, i) => {
    assert.equal(r.status, 0, `${scripts[i]}: ${r.stderr}`);
    assert.match(r.stdout, /^Usage/, scripts[i]);
  });
  assert.deepEqual(fs.readdirSync(dir), []);
  const typos = await Promise.all(['start', 'fetch-model', 'eval'].map((s) => run(s, '--nope')));
  for (const r of typos) {
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^Unknown option '--nope'[\s\S]*\n\nUsage/);
  }
});
