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
