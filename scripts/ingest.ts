import 'dotenv/config';
import { constants } from 'node:os';
import { parseArgs } from 'node:util';
import { ARTICLES, count, createProgressReporter, PASSAGES } from '../src/cli/progress.js';
import { typedPath } from '../src/cli/args.js';
import { explainError } from '../src/cli/errors.js';
import { loadConfig } from '../src/config.js';
import { createEmbeddings } from '../src/embed/index.js';
import type { Skip } from '../src/corpus/types.js';
import { buildIndex, InterruptedError, NothingToIndexError } from '../src/index/index.js';

const usage = `Usage: npm run ingest -- [--source PATH] [--index DIR] [--strict] [--allow-removal]

  --source PATH    a folder of .md/.txt (and .jsonl) articles, or a .jsonl / .jsonl.gz file
                   (default: ARTICLES_DIR, data/articles);
                   repeat it to index several sources together (e.g. the seeds with a corpus as distractors)
  --index DIR      where the index lives (default: INDEX_DIR, var/index)
  --strict         if any article is skipped, leave the index as it was and exit 1
  --allow-removal  remove what the sources no longer hold, however much of the index that is;
                   without it, a run that would remove more than half of the indexed articles
                   (20 or more: another --source named by mistake) changes nothing and exits 2
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      source: { type: 'string', multiple: true },
      index: { type: 'string' },
      strict: { type: 'boolean', default: false },
      'allow-removal': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const config = loadConfig();
  const typed = (p: string) => typedPath(p, 'ingest');
  const source = values.source?.length ? values.source.map(typed) : [config.ARTICLES_DIR];
  const indexDir = values.index === undefined ? config.INDEX_DIR : typed(values.index);
  const { embeddings, reason } = await createEmbeddings(config);
  console.error(`embedder: ${embeddings.id} (${reason})`);
  console.error(`source: ${source.join(', ')}\nindex: ${indexDir}`);
  const progress = createProgressReporter(process.stderr, config.PROGRESS_INTERVAL_MS);
  const stop = stopOnSignals(indexDir, progress.phase);
  let report;
  try {
    report = await buildIndex({
      source,
      indexDir,
      embeddings,
      maxArticleBytes: config.MAX_ARTICLE_BYTES,
      hnsw: { m: config.HNSW_M, efConstruction: config.HNSW_EF_CONSTRUCTION, shards: config.HNSW_SHARDS },
      onProgress: progress.update,
      onPhase: progress.phase,
      strict: values.strict,
      allowRemoval: values['allow-removal'],
      signal: stop.signal,
    });
  } finally {
    progress.stop();
    stop.done();
  }
  const size = `${count(report.articles, ARTICLES)}, ${count(report.passages, PASSAGES)}`;
  const lines = [
    report.rebuildReason ? `full rebuild: ${withoutAdvice(report.rebuildReason)}` : null,
    report.repairReason ? `lexical index written again: ${withoutAdvice(report.repairReason)}` : null,
    `added ${report.added}` +
      (report.reused
        ? ` (${report.reused} under a new id with the text of one removed: nothing embedded)`
        : '') +
      `, updated ${report.updated}, removed ${report.removed}, unchanged ${report.unchanged}` +
      (report.moved ? ` (${report.moved} now in another file or line)` : '') +
      `, skipped ${report.skipped.length}`,
    `passages embedded this run: ${report.passagesEmbedded}`,
    report.changed
      ? `index ${report.generation}: ${size}, ${(report.indexBytes / 2 ** 20).toFixed(1)} MiB`
      : `index ${report.generation} was already up to date (${size})`,
    `took ${report.seconds.toFixed(1)} s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`,
  ].filter(Boolean);
  console.log(lines.join('\n'));
  printSkipped(report.skipped, console.log);
  if (report.kept.length) {
    console.log(`kept as indexed, because their file or line was skipped (${report.kept.length}):`);
    for (const k of report.kept.slice(0, 20)) console.log(`  ${k.id} (${k.origin})`);
    if (report.kept.length > 20) console.log(`  … and ${report.kept.length - 20} more`);
  }
  return 0;
}

/**
 * Ctrl-C (SIGINT) and SIGTERM stop the run at its next step, which removes what it had written and
 * releases the lock (InterruptedError, exit 128 + the signal's number); a second one ends the process
 * at once, leaving what a killed run leaves for the next to clear. `say` tells the person it is stopping.
 */
function stopOnSignals(
  indexDir: string,
  say: (line: string) => void,
): { signal: AbortSignal; done: () => void } {
  const controller = new AbortController();
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const on = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(128 + constants.signals[signal]);
    say(`${signal}: stopping; what this run wrote is being removed (${signal} again to stop at once)`);
    controller.abort(new InterruptedError(signal, indexDir));
  };
  for (const s of signals) process.on(s, on);
  return {
    signal: controller.signal,
    done: () => {
      for (const s of signals) process.off(s, on);
    },
  };
}

/** An index error's reason without its advice to re-run ingestion, which this run is doing. */
function withoutAdvice(reason: string): string {
  return reason.replace(/\s*Re-run `npm run ingest`[^.]*\.$/, '');
}

function printSkipped(skipped: readonly Skip[], print: (line: string) => void): void {
  if (!skipped.length) return;
  print('skipped:');
  for (const s of skipped) print(`  ${s.origin}: ${s.reason}`);
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const { text, code } = explainError(err, usage);
    console.error(text);
    if (err instanceof NothingToIndexError) printSkipped(err.skipped, console.error);
    process.exit(err instanceof InterruptedError ? 128 + constants.signals[err.signal] : code);
  },
);
