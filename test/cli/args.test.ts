import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { typedPath } from '../../src/cli/args.js';
import { tmpDir } from '../helpers/tmp.js';

test('a path typed to `npm run SCRIPT` is read from the folder npm was started in', () => {
  const root = process.cwd();
  const npm = (script: string, from: string) => ({ npm_lifecycle_event: script, INIT_CWD: from });
  // npm runs a script from the project's root, and says in INIT_CWD where it was started.
  assert.equal(
    typedPath('../data/articles', 'ingest', npm('ingest', path.join(root, 'src'))),
    path.join(root, 'data/articles'),
  );
  assert.equal(typedPath('x.jsonl', 'ingest', npm('ingest', '/elsewhere')), '/elsewhere/x.jsonl');
  assert.equal(typedPath('data/articles', 'ingest', npm('ingest', root)), 'data/articles');
  assert.equal(typedPath('/abs/idx', 'ingest', npm('ingest', '/elsewhere')), '/abs/idx');
  // Not this script's npm run (a test run by `npm run test:only` spawning it), or no npm at all: as given.
  assert.equal(typedPath('x.jsonl', 'ingest', npm('test:only', '/elsewhere')), 'x.jsonl');
  assert.equal(typedPath('x.jsonl', 'ingest', {}), 'x.jsonl');
});

test('`npm run ingest` and `npm run ask` started in a subfolder read --source and --index from there', () => {
  const here = tmpDir();
  fs.mkdirSync(path.join(here, 'articles'));
  fs.copyFileSync('data/articles/000_491cdc483407fe0a.md', path.join(here, 'articles', 'a.md'));
  // As npm runs them: from the project's root, INIT_CWD naming the folder the person is in.
  const run = (script: string, ...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
      env: { ...process.env, EMBEDDER: 'lexical', npm_lifecycle_event: script, INIT_CWD: here },
      encoding: 'utf8',
    });
  const ingest = run('ingest', '--source', 'articles', '--index', 'idx');
  assert.equal(ingest.status, 0, ingest.stderr);
  assert.ok(fs.existsSync(path.join(here, 'idx', 'CURRENT')), 'the index is where it was named');
  const ask = run('ask', '--index', 'idx', 'Which base was hit by eight rockets?');
  assert.equal(ask.status, 0, ask.stderr);
  assert.match(ask.stdout, /000_491cdc483407fe0a/);
});
