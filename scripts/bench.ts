import 'dotenv/config';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SIZES, parseSizes, renderMarkdown, runBench, writeReport } from '../src/bench/index.js';
import { ConfigError, loadConfig } from '../src/config.js';

const usage = `Usage: npm run bench -- [--articles LIST] [--queries N] [--out DIR] [--skip-ingest]

  --articles LIST  sizes to measure, comma-separated: "seeds" (data/articles), a number N (the first N
                   articles of the corpus) or "all" (default: ${DEFAULT_SIZES})
  --queries N      timed queries per kind of search (default 200)
  --out DIR        where the report goes (default bench-results): latest.md, latest.json and timestamped copies
  --corpus FILE    the JSONL(.gz) corpus (default ../shared/corpora/ant-news-2018.jsonl.gz)
  --skip-ingest    reuse the indexes (and ingestion figures) of an earlier run in STATE_DIR/bench when present

Always uses the offline lexical embedder. Indexes are kept in STATE_DIR/bench/<size> (var/bench).
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      articles: { type: 'string', default: DEFAULT_SIZES },
      queries: { type: 'string', default: '200' },
      out: { type: 'string', default: 'bench-results' },
      corpus: { type: 'string', default: '../shared/corpora/ant-news-2018.jsonl.gz' },
      'skip-ingest': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const queries = Number(values.queries);
  if (!Number.isInteger(queries) || queries < 1) {
    console.error(`--queries must be a positive integer, not "${values.queries}"\n\n${usage}`);
    return 2;
  }
  const report = await runBench({
    config: loadConfig({ ...process.env, EMBEDDER: 'lexical' }),
    sizes: parseSizes(values.articles),
    queries,
    corpus: path.resolve(values.corpus),
    evalFiles: ['../shared/eval/seed-qa.dev.jsonl', '../shared/eval/arcd-qa.dev.jsonl'].map((f) =>
      path.resolve(f),
    ),
    skipIngest: values['skip-ingest'],
    env: process.env,
    log: (line) => console.error(`bench: ${line}`),
  });
  const markdown = renderMarkdown(report);
  const files = writeReport(values.out, report, markdown);
  process.stdout.write(markdown);
  console.error(`bench: wrote ${files.join(', ')}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof ConfigError || err instanceof Error ? err.message : err);
    process.exit(err instanceof ConfigError ? 2 : 1);
  },
);
