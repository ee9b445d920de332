import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { createProgressReporter } from '../../src/cli/progress.js';
import { tmpDir } from '../helpers/tmp.js';

test('without a terminal, the final progress line is printed however soon it follows the one before', () => {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
  const progress = createProgressReporter(stream, 3_600_000);
  const at = { total: null, skipped: 0, passagesEmbedded: 0 };
  progress.update({ ...at, articles: 1, done: false });
  progress.update({ ...at, articles: 2, done: false });
  progress.update({ ...at, articles: 3, skipped: 1, passagesEmbedded: 40, done: true });
  progress.stop();
  assert.equal(lines.length, 1, lines.join(''));
  assert.match(lines[0]!, /^ingest: 3 articles \(1 skipped\), 40 passages embedded, \d+ articles\/s\n$/);
});

test('a phase is a line of its own, after the bar on a terminal, which a later update starts again', () => {
  const at = { total: 3, skipped: 0, passagesEmbedded: 0 };
  for (const isTTY of [false, true]) {
    const terminal = fakeTerminal(isTTY, 120);
    const progress = createProgressReporter(terminal.stream, 0);
    progress.update({ ...at, articles: 3, done: true });
    progress.phase('writing the lexical indexes');
    progress.phase('syncing to disk');
    progress.stop();
    const out = terminal.out();
    const lines = out.split('\n');
    assert.ok(lines.length >= 3, JSON.stringify(out));
    assert.deepEqual(
      lines.slice(-3),
      ['ingest: writing the lexical indexes', 'ingest: syncing to disk', ''],
      `isTTY ${isTTY}: ${JSON.stringify(out)}`,
    );
    assert.match(out, isTTY ? /ingest \[.*\] 3\/3 articles/ : /^ingest: 3\/3 articles/);
  }
});

test('counts read right: "1/1 article, 1 passage embedded, 1 article/s", and plurals for other numbers', () => {
  let clock = 0;
  const lines: string[] = [];
  const stream = { isTTY: false, write: (s: string) => lines.push(s) } as unknown as NodeJS.WriteStream;
  const progress = createProgressReporter(stream, 0, () => clock);
  const at = { skipped: 0, done: false };
  clock = 1000;
  progress.update({ ...at, articles: 1, total: 1, passagesEmbedded: 1, done: true });
  clock = 2000;
  progress.update({ ...at, articles: 0, total: null, passagesEmbedded: 0 });
  progress.update({ ...at, articles: 1, total: null, passagesEmbedded: 2 });
  clock = 4000;
  progress.update({ ...at, articles: 2, total: 5, passagesEmbedded: 21, skipped: 1 });
  assert.deepEqual(lines, [
    'ingest: 1/1 article, 1 passage embedded, 1 article/s\n',
    'ingest: 0 articles, 0 passages embedded, 0 articles/s\n',
    'ingest: 1 article, 2 passages embedded, 1 article/s\n',
    'ingest: 2/5 articles (1 skipped), 21 passages embedded, 1 article/s ETA 6 s\n',
  ]);
});

test('on a terminal, the bar counts in the same words: "1/1 article | 1 passage embedded"', () => {
  const { stream, out } = fakeTerminal();
  const progress = createProgressReporter(stream, 0, () => 0);
  progress.update({ articles: 1, total: 1, skipped: 0, passagesEmbedded: 1, done: true });
  progress.stop();
  assert.match(out(), /\] 1\/1 article \| 1 passage embedded \|/, JSON.stringify(out()));
});

test('npm run ingest of one article of one passage says "1 article, 1 passage" and "of 1 passage"', () => {
  const dir = tmpDir();
  const articles = path.join(dir, 'articles');
  fs.mkdirSync(articles);
  fs.writeFileSync(path.join(articles, 'a.md'), 'قصف في ريف دير الزور.\n');
  const run = () =>
    spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/ingest.ts', '--source', articles, '--index', path.join(dir, 'index')],
      { env: { ...process.env, EMBEDDER: 'lexical', PROGRESS_INTERVAL_MS: '50' }, encoding: 'utf8' },
    );
  const first = run();
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /^ingest: 1\/1 article, 1 passage embedded, \d+ articles?\/s$/m);
  assert.match(
    first.stderr,
    /^ingest: writing the lexical indexes of 1 passage while the 2 vector shards finish$/m,
  );
  const out = first.stdout.split('\n');
  assert.equal(out[1], 'passages embedded this run: 1');
  assert.match(out[2]!, /^index gen-\S+: 1 article, 1 passage, \d+\.\d MiB$/);
  const again = run();
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /^index gen-\S+ was already up to date \(1 article, 1 passage\)$/m);
});

test('on a terminal, an ETA not known yet reads "ETA …", not the "NFs" or "LLs" of a cut-off INF or NULL', () => {
  const { stream, out } = fakeTerminal();
  const progress = createProgressReporter(stream, 0);
  const at = { total: 5, skipped: 0, passagesEmbedded: 0, done: false };
  // No article read between two updates: no rate to tell the time left by.
  progress.update({ ...at, articles: 1 });
  progress.update({ ...at, articles: 1 });
  progress.stop();
  assert.doesNotMatch(out(), /ETA (NF|LL)s/, JSON.stringify(out()));
  assert.match(out(), /\| ETA …/, JSON.stringify(out()));
});

/** A stream that keeps what is written to it, a terminal `columns` wide unless `isTTY` is false. */
function fakeTerminal(isTTY = true, columns = 200): { stream: NodeJS.WriteStream; out: () => string } {
  let out = '';
  const stream = {
    isTTY,
    columns,
    write: (s: string) => ((out += s), true),
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  } as unknown as NodeJS.WriteStream;
  return { stream, out: () => out };
}
