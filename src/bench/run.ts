import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Config } from '../config.js';
import { CURRENT } from '../index/manifest.js';
import type { IngestResult } from './ingest.js';
import { machineInfo } from './machine.js';
import { loadQuestions } from './questions.js';
import { checkTargets, largest, renderMarkdown, type BenchReport, type SizeResult } from './report.js';
import { runChild } from './spawn.js';
import { writeSubset } from './subset.js';

/** One corpus to measure: the seed articles, the first `articles` of the corpus, or all of it. */
export type SizeSpec = { label: 'seeds' } | { label: string; articles: number } | { label: 'all' };

export const DEFAULT_SIZES = 'seeds,1000,5000,all';

/** `seeds,1000,5000,all` → size specs, in the order given, without repeats. */
export function parseSizes(list: string): SizeSpec[] {
  const out: SizeSpec[] = [];
  for (const raw of list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    let spec: SizeSpec;
    if (raw === 'seeds') spec = { label: 'seeds' };
    else if (raw === 'all') spec = { label: 'all' };
    else if (/^\d+$/.test(raw) && Number(raw) > 0)
      spec = { label: String(Number(raw)), articles: Number(raw) };
    else throw new Error(`--articles: "${raw}" is not a positive number, "seeds" or "all"`);
    if (!out.some((o) => o.label === spec.label)) out.push(spec);
  }
  if (!out.length) throw new Error('--articles: no size given');
  return out;
}

export interface BenchOptions {
  config: Config;
  sizes: SizeSpec[];
  /** Timed queries per kind of search. */
  queries: number;
  /** The gzipped JSONL corpus subsets are taken from. */
  corpus: string;
  /** Eval JSONL files whose `question` fields are the queries. */
  evalFiles: string[];
  /** Reuse an index (and its ingestion figures) built by an earlier run, when there is one. */
  skipIngest: boolean;
  /** Environment of the child processes (EMBEDDER is forced to lexical). */
  env: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

const INGEST_FILE = 'bench-ingest.json';

/** Runs every measurement, size by size, each in its own child process. */
export async function runBench(opts: BenchOptions): Promise<BenchReport> {
  const { config } = opts;
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const env = { ...opts.env, EMBEDDER: 'lexical' };
  const timed = loadQuestions(opts.evalFiles, opts.queries);
  const all = loadQuestions(opts.evalFiles);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-subsets-'));
  const sizes: SizeResult[] = [];
  try {
    for (const spec of opts.sizes) {
      const indexDir = path.resolve(config.STATE_DIR, 'bench', spec.label);
      const ingestFile = path.join(indexDir, INGEST_FILE);
      let source: string;
      if (spec.label === 'seeds') source = path.resolve(config.ARTICLES_DIR);
      else if ('articles' in spec) {
        source = path.join(tmp, `first-${spec.articles}.jsonl`);
        const n = await writeSubset(opts.corpus, spec.articles, source);
        opts.log(`${spec.label}: wrote the first ${n} articles of ${opts.corpus}`);
      } else source = path.resolve(opts.corpus);

      let ingest: IngestResult;
      const reuse =
        opts.skipIngest && fs.existsSync(ingestFile) && fs.existsSync(path.join(indexDir, CURRENT));
      if (reuse) {
        ingest = JSON.parse(fs.readFileSync(ingestFile, 'utf8')) as IngestResult;
        opts.log(`${spec.label}: reusing the index in ${indexDir}`);
      } else {
        opts.log(`${spec.label}: ingesting into ${indexDir}`);
        ingest = await runChild('ingest', { source, indexDir }, env);
        fs.writeFileSync(ingestFile, JSON.stringify(ingest));
        opts.log(`${spec.label}: ${ingest.passages} passages in ${ingest.seconds.toFixed(1)} s`);
      }
      opts.log(`${spec.label}: recall and side-by-side`);
      const ann = await runChild('ann', { indexDir, questions: all }, env);
      opts.log(`${spec.label}: query latency`);
      const serve = await runChild('serve', { indexDir, questions: timed }, env);
      sizes.push({ label: spec.label, source, ingestReused: reuse, ingest, serve, ann });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const big = largest(sizes);
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    machine,
    settings: {
      embedder: sizes[0]?.ingest.embedderId ?? 'lexical',
      efSearch: config.HNSW_EF_SEARCH,
      m: config.HNSW_M,
      efConstruction: config.HNSW_EF_CONSTRUCTION,
      shards: config.HNSW_SHARDS,
      queries: opts.queries,
      corpus: opts.corpus,
    },
    sizes,
    chosenEf: big ? { size: big.label, ...big.ann.chosen } : null,
    targets: checkTargets(sizes),
  };
}

/** Writes `latest.md` and `latest.json` in `outDir`, and a timestamped copy of each; returns the paths. */
export function writeReport(
  outDir: string,
  report: BenchReport,
  markdown = renderMarkdown(report),
): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  const stamp = report.startedAt.replace(/[:.]/g, '-');
  const json = JSON.stringify(report, null, 2) + '\n';
  const files: [string, string][] = [
    ['latest.md', markdown],
    ['latest.json', json],
    [`bench-${stamp}.md`, markdown],
    [`bench-${stamp}.json`, json],
  ];
  return files.map(([name, text]) => {
    const file = path.join(outDir, name);
    fs.writeFileSync(file, text);
    return file;
  });
}
