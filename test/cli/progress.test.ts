import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProgressReporter } from '../../src/cli/progress.js';

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
    let out = '';
    const stream = {
      isTTY,
      columns: 120,
      write: (s: string) => ((out += s), true),
      cursorTo: () => true,
      clearLine: () => true,
      moveCursor: () => true,
    } as unknown as NodeJS.WriteStream;
    const progress = createProgressReporter(stream, 0);
    progress.update({ ...at, articles: 3, done: true });
    progress.phase('writing the lexical indexes');
    progress.phase('syncing to disk');
    progress.stop();
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
