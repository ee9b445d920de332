import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { tmpDir } from '../helpers/corpus.js';

test('the bot refuses to start on an index it cannot read, saying what to run, with no stack trace', () => {
  const dir = tmpDir();
  const indexDir = path.join(dir, 'index');
  fs.mkdirSync(indexDir);
  // Names a generation that is not there, as an interrupted copy of an index would.
  fs.writeFileSync(path.join(indexDir, 'CURRENT'), 'gen-missing\n');
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      TELEGRAM_BOT_TOKEN: '123456:test-token-never-printed-0123',
      EMBEDDER: 'lexical',
      INDEX_DIR: indexDir,
      STATE_DIR: dir,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /Cannot start the bot: .*index/);
  assert.match(run.stderr, /npm run ingest/);
  assert.doesNotMatch(run.stderr, /^\s+at /m, 'no stack trace');
  assert.doesNotMatch(run.stderr + run.stdout, /test-token-never-printed/, 'the token is never printed');
});
