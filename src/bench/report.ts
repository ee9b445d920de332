import { RECALL_TOLERANCE, type AnnResult } from './ann.js';
import type { IngestResult } from './ingest.js';
import type { MachineInfo } from './machine.js';
import type { ServeResult } from './serve.js';
import type { LatencySummary } from './stats.js';

export interface SizeResult {
  /** `seeds`, the number of articles asked for, or `all`. */
  label: string;
  source: string;
  /** Ingestion measured in an earlier run and reused (`--skip-ingest`). */
  ingestReused: boolean;
  ingest: IngestResult;
  serve: ServeResult;
  ann: AnnResult;
}

export interface TargetCheck {
  target: string;
  value: string;
  pass: boolean;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  machine: MachineInfo;
  settings: {
    embedder: string;
    efSearch: number;
    m: number;
    efConstruction: number;
    shards: number;
    queries: number;
    corpus: string;
  };
  sizes: SizeResult[];
  /** The efSearch the recall curve of the largest size calls for. */
  chosenEf: { size: string; ef: number; recall: number; reached: boolean; target: number } | null;
  targets: TargetCheck[];
}

const MiB = 2 ** 20;

/** A GitHub Markdown table; numbers right-aligned, `|` in cells escaped. */
export function markdownTable(headers: readonly string[], rows: readonly (string | number)[][]): string {
  const cell = (c: string | number) => String(c).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const numeric = headers.map(
    (_, i) =>
      rows.length > 0 && rows.every((r) => /^[-+]?[\d.,]+( ?(ms|s|MiB|×))?$/.test(String(r[i] ?? ''))),
  );
  const lines = [
    `| ${headers.map(cell).join(' | ')} |`,
    `| ${numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${headers.map((_, i) => cell(r[i] ?? '')).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/** Fixed decimals, with thousands separators for large values. */
export function fmt(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return String(x);
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A ratio `ours / theirs`, as "0.42×". */
export function ratio(ours: number, theirs: number): string {
  return theirs > 0 ? `${fmt(ours / theirs, 2)}×` : 'n/a';
}

const ms = (x: number) => fmt(x, x < 1 ? 3 : 2);
const sizeName = (s: SizeResult) => (s.label === 'seeds' ? 'seeds' : `${fmt(s.ingest.articles, 0)} articles`);

/**
 * Our whole ingestion, embedding included: the graph is built on its own thread while the main
 * thread reads, embeds and stores, so the embedder's time cannot be subtracted from the wall time.
 * Compared with HNSWLib given the vectors, this is the conservative side for us.
 */
export const oursIngest = (i: IngestResult) => i.seconds;
export const langchainIngest = (a: AnnResult) => a.langchain.addSeconds + a.langchain.saveSeconds;
const chosenPoint = (a: AnnResult) => a.curve.find((c) => c.ef === a.chosen.ef)!;

/** The largest size measured (by passages): the targets are judged on it. */
export function largest(sizes: readonly SizeResult[]): SizeResult | undefined {
  return sizes.reduce<SizeResult | undefined>(
    (b, s) => (!b || s.ingest.passages > b.ingest.passages ? s : b),
    undefined,
  );
}

/** The targets, judged on the largest size in the run. */
export function checkTargets(sizes: readonly SizeResult[]): TargetCheck[] {
  const s = largest(sizes);
  if (!s) return [];
  const { ann, serve, ingest } = s;
  const ours = oursIngest(ingest);
  const theirs = langchainIngest(ann);
  return [
    {
      target: `HNSW recall@10 ≥ ${ann.chosen.target} at the chosen efSearch`,
      value: `${fmt(ann.chosen.recall, 4)} at ef ${ann.chosen.ef}${ann.chosen.reached ? '' : ' (best; no ef reached the target)'}`,
      pass: ann.chosen.reached,
    },
    {
      target: 'warm whole-answer latency p95 ≤ 50 ms',
      value: `${ms(serve.answer.p95)} ms (efSearch ${serve.efSearch})`,
      pass: serve.answer.p95 <= 50,
    },
    {
      target: 'peak RSS while serving ≤ 1 GiB',
      value: `${fmt(serve.peakRssMiB, 0)} MiB`,
      pass: serve.peakRssMiB <= 1024,
    },
    {
      target: 'faster than HNSWLib at ingestion (ours embedding too; theirs given the vectors)',
      value: `${fmt(ours, 2)} s vs ${fmt(theirs, 2)} s (${ratio(ours, theirs)})`,
      pass: ours < theirs,
    },
    {
      target: 'faster than HNSWLib at query, equal recall (p50)',
      value:
        `${ms(ann.ours.searchWithPassages.p50)} ms vs ${ms(ann.langchain.latency.p50)} ms ` +
        `(${ratio(ann.ours.searchWithPassages.p50, ann.langchain.latency.p50)}), recall ${fmt(ann.ours.recall, 4)} at ef ${ann.chosen.ef} ` +
        `vs ${fmt(ann.langchain.recall, 4)} at ef ${ann.langchain.ef}`,
      pass:
        ann.ours.searchWithPassages.p50 < ann.langchain.latency.p50 &&
        ann.ours.recall >= ann.langchain.recall - RECALL_TOLERANCE,
    },
  ];
}

function latencyRow(size: string, what: string, l: LatencySummary, extra = ''): string[] {
  return [size, what, ms(l.p50), ms(l.p95), ms(l.p99), extra];
}

export function renderMarkdown(r: BenchReport): string {
  const m = r.machine;
  const out: string[] = [];
  out.push(`# Benchmark, ${r.startedAt.slice(0, 16).replace('T', ' ')} UTC`);
  out.push(
    `Machine: ${m.cpu}, ${m.cores} cores, ${fmt(m.memoryGiB, 1)} GiB RAM, Node ${m.node}, ${m.os} ` +
      `(load average ${m.loadAverage} at the start). Embedder ${r.settings.embedder} (offline, EMBEDDER=lexical); ` +
      `HNSW M ${r.settings.m}, efConstruction ${r.settings.efConstruction}, ${r.settings.shards} shards, serving efSearch ${r.settings.efSearch}; ` +
      `${r.settings.queries} timed queries per kind (the eval questions, Arabic and English, after one untimed warm-up pass).`,
  );

  out.push('## Ingestion', "A full build in a child process of its own (peak RSS is the ingestion's alone).");
  out.push(
    markdownTable(
      [
        'corpus',
        'articles',
        'passages',
        'seconds',
        'of which embedding',
        'passages/s',
        'peak RSS MiB',
        'index MiB',
      ],
      r.sizes.map((s) => [
        sizeName(s) + (s.ingestReused ? ' (reused)' : ''),
        fmt(s.ingest.articles, 0),
        fmt(s.ingest.passages, 0),
        fmt(s.ingest.seconds, 2),
        fmt(s.ingest.embedSeconds, 2),
        fmt(s.ingest.passagesPerSecond, 0),
        fmt(s.ingest.peakRssMiB, 0),
        fmt(s.ingest.indexBytes / MiB, 1),
      ]),
    ),
  );

  out.push(
    '## Query latency (ms, warm, one process)',
    'dense: embed + HNSW search for 40 candidates; lexical: plan + BM25 for 40 candidates; ' +
      'hybrid: `HybridRetriever.search`; answer: `IncidentQA.answer`. Opened with `openQA`, in a child process per size.',
  );
  out.push(
    markdownTable(
      ['corpus', 'search', 'p50', 'p95', 'p99', 'serving'],
      r.sizes.flatMap((s) => [
        latencyRow(sizeName(s), 'dense', s.serve.dense, `efSearch ${s.serve.efSearch}`),
        latencyRow(sizeName(s), 'lexical', s.serve.lexical, `open ${fmt(s.serve.openSeconds, 2)} s`),
        latencyRow(sizeName(s), 'hybrid', s.serve.hybrid),
        latencyRow(sizeName(s), 'answer', s.serve.answer, `peak RSS ${fmt(s.serve.peakRssMiB, 0)} MiB`),
      ]),
    ),
  );

  out.push(
    '## HNSW recall@10 against exact search',
    "On the index's own vectors; exact = hnswlib `BruteforceSearch` (cosine) on the same vectors; queries = the eval " +
      "questions' `plan(question).denseText` embedded as the retriever does. Recall counts a neighbour as found when it is " +
      'as close as the exact 10th (ties are common with hashed features); "by id" counts only the exact labels. ' +
      'Latency is one `VectorSearch.search(q, 10)`: every shard searched at once, one thread each, and merged. The product searches 40 candidates, so its effective ef is at least 40.',
  );
  out.push(
    markdownTable(
      ['corpus', 'vectors', 'queries', 'efSearch', 'recall@10', 'by id', 'p50 ms', 'p95 ms'],
      r.sizes.flatMap((s) => [
        ...s.ann.curve.map((c) => [
          sizeName(s),
          fmt(s.ann.vectors, 0),
          fmt(s.ann.queries, 0),
          String(c.ef) + (c.ef === s.ann.chosen.ef ? ' ←' : ''),
          fmt(c.recall, 4),
          fmt(c.recallById, 4),
          ms(c.latency.p50),
          ms(c.latency.p95),
        ]),
        [
          sizeName(s),
          fmt(s.ann.vectors, 0),
          fmt(s.ann.queries, 0),
          'exact',
          '1.0000',
          '1.0000',
          ms(s.ann.exact.latency.p50),
          ms(s.ann.exact.latency.p95),
        ],
      ]),
    ),
  );
  if (r.chosenEf) {
    const c = r.chosenEf;
    const on = r.sizes.find((s) => s.label === c.size);
    const where = on ? sizeName(on) : c.size;
    out.push(
      c.reached
        ? `**Chosen efSearch: ${c.ef}**, the smallest reaching recall@10 ≥ ${c.target} on ${where} (${fmt(c.recall, 4)}).`
        : `**No efSearch reached recall@10 ≥ ${c.target}** on ${where}; the best was ef ${c.ef} (${fmt(c.recall, 4)}).`,
    );
    const served = on?.ann.curve.find((p) => p.ef === r.settings.efSearch);
    if (served && r.settings.efSearch !== c.ef) {
      out.push(
        `The configured HNSW_EF_SEARCH is ${r.settings.efSearch}: recall@10 ${fmt(served.recall, 4)} there on ${where}.`,
      );
    }
  }

  out.push(
    '## Side by side (same vectors, same run; ratio = ours / theirs, below 1 is ours faster)',
    '- **exact**: our sharded HNSW search for 10 at the chosen ef vs `BruteforceSearch.searchKnn(q, 10)`.\n' +
      '- **HNSWLib query**: `IncidentIndex.dense(q, 10)` (every shard searched at once, one thread each) + reading the 10 passages ' +
      'with their article metadata from our store, at the chosen ef, vs `HNSWLib.similaritySearchVectorWithScore(q, 10)` (returns ' +
      "Documents from its in-memory docstore) at the smallest ef that reaches our recall (set on HNSWLib's underlying index: it takes " +
      'no efSearch argument), timed in alternating full passes over the queries after one untimed pass of each; also ours returning labels only.\n' +
      '- **HNSWLib ingestion**: our whole `buildIndex` (read and chunk the articles, analyse terms, embed, SQLite store, HNSW ' +
      'graph shards, one worker thread each, alongside the rest, BM25 index, write, fsync, checksums) vs `HNSWLib.addVectors` of the ' +
      `same vectors, already computed, with one Document per passage + \`save\`. Ours: ${r.settings.shards} shards of M ${r.settings.m}, ` +
      `efConstruction ${r.settings.efConstruction}; HNSWLib: one graph, on one thread, at hnswlib's defaults (M 16, efConstruction 200). ` +
      'Ours does strictly more work, embedding included.\n' +
      '- **open**: `IncidentIndex.open` (checksums verified, as the product opens it; unverified in brackets) vs `HNSWLib.load`, and vs its save + load.',
  );
  out.push(
    markdownTable(
      ['corpus', 'comparison', 'ours', 'theirs', 'ours/theirs'],
      r.sizes.flatMap((s) => {
        const a = s.ann;
        const p = chosenPoint(a);
        const lc = a.langchain;
        const oi = oursIngest(s.ingest);
        const li = langchainIngest(a);
        return [
          [
            sizeName(s),
            `query p50 vs exact (recall ${fmt(p.recall, 4)} vs 1)`,
            `${ms(p.latency.p50)} ms`,
            `${ms(a.exact.latency.p50)} ms`,
            ratio(p.latency.p50, a.exact.latency.p50),
          ],
          [
            sizeName(s),
            'query p95 vs exact',
            `${ms(p.latency.p95)} ms`,
            `${ms(a.exact.latency.p95)} ms`,
            ratio(p.latency.p95, a.exact.latency.p95),
          ],
          [
            sizeName(s),
            `query p50 vs HNSWLib at equal recall: ours ef ${a.chosen.ef} (${fmt(a.ours.recall, 4)}), theirs ef ${lc.ef} (${fmt(lc.recall, 4)})`,
            `${ms(a.ours.searchWithPassages.p50)} ms`,
            `${ms(lc.latency.p50)} ms`,
            ratio(a.ours.searchWithPassages.p50, lc.latency.p50),
          ],
          [
            sizeName(s),
            'query p95 vs HNSWLib',
            `${ms(a.ours.searchWithPassages.p95)} ms`,
            `${ms(lc.latency.p95)} ms`,
            ratio(a.ours.searchWithPassages.p95, lc.latency.p95),
          ],
          [
            sizeName(s),
            'query p50 vs HNSWLib, ours without reading passages',
            `${ms(a.ours.searchOnly.p50)} ms`,
            `${ms(lc.latency.p50)} ms`,
            ratio(a.ours.searchOnly.p50, lc.latency.p50),
          ],
          [
            sizeName(s),
            `HNSWLib left at its default ef ${lc.defaultEf}: recall ${fmt(lc.recallAtDefaultEf, 4)}, p50`,
            `${ms(a.ours.searchWithPassages.p50)} ms`,
            `${ms(lc.latencyAtDefaultEf.p50)} ms`,
            ratio(a.ours.searchWithPassages.p50, lc.latencyAtDefaultEf.p50),
          ],
          [
            sizeName(s),
            'ingestion (ours with embedding; theirs vectors given)',
            `${fmt(oi, 2)} s`,
            `${fmt(li, 2)} s (add ${fmt(lc.addSeconds, 2)} + save ${fmt(lc.saveSeconds, 2)})`,
            ratio(oi, li),
          ],
          [
            sizeName(s),
            'open vs load',
            `${fmt(a.ours.openSeconds, 3)} s (${fmt(a.ours.openSecondsNoVerify, 3)} s)`,
            `${fmt(lc.loadSeconds, 3)} s`,
            ratio(a.ours.openSeconds, lc.loadSeconds),
          ],
          [
            sizeName(s),
            'open vs save + load',
            `${fmt(a.ours.openSeconds, 3)} s`,
            `${fmt(lc.saveSeconds + lc.loadSeconds, 3)} s`,
            ratio(a.ours.openSeconds, lc.saveSeconds + lc.loadSeconds),
          ],
          [
            sizeName(s),
            'on disk (ours adds full articles and BM25)',
            `${fmt(s.ingest.indexBytes / MiB, 1)} MiB`,
            `${fmt(lc.bytes / MiB, 1)} MiB`,
            ratio(s.ingest.indexBytes, lc.bytes),
          ],
        ];
      }),
    ),
  );

  const grow = r.sizes.filter((s) => s.label !== 'seeds');
  const base = grow[0];
  if (base) {
    out.push('## Growth', `Factors are relative to ${sizeName(base)}.`);
    out.push(
      markdownTable(
        [
          'corpus',
          'passages',
          '×',
          'ingest s',
          '×',
          'passages/s',
          'peak RSS MiB',
          'index MiB',
          'answer p95 ms',
          'serving RSS MiB',
        ],
        grow.map((s) => [
          sizeName(s),
          fmt(s.ingest.passages, 0),
          fmt(s.ingest.passages / base.ingest.passages, 1),
          fmt(s.ingest.seconds, 1),
          fmt(s.ingest.seconds / base.ingest.seconds, 1),
          fmt(s.ingest.passagesPerSecond, 0),
          fmt(s.ingest.peakRssMiB, 0),
          fmt(s.ingest.indexBytes / MiB, 1),
          ms(s.serve.answer.p95),
          fmt(s.serve.peakRssMiB, 0),
        ]),
      ),
    );
  }

  const big = largest(r.sizes);
  if (big && r.targets.length) {
    out.push(
      '## Targets',
      `Judged on ${sizeName(big)}` +
        (big.label === 'all'
          ? ' (the full corpus).'
          : ' (the targets are set for the full corpus: run with `--articles all`).'),
    );
    out.push(
      markdownTable(
        ['target', 'measured', 'met'],
        r.targets.map((t) => [t.target, t.value, t.pass ? 'yes' : 'NO']),
      ),
    );
  }
  return out.join('\n\n') + '\n';
}
