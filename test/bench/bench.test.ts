import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { test } from 'node:test';
import {
  checkTargets,
  markdownTable,
  renderMarkdown,
  type BenchReport,
  type SizeResult,
} from '../../src/bench/report.js';
import { parseSizes, writeReport } from '../../src/bench/run.js';
import { loadQuestions } from '../../src/bench/questions.js';
import { chooseEf, percentile, recallAt, summarize, timePasses } from '../../src/bench/stats.js';
import { writeSubset } from '../../src/bench/subset.js';
import { tmpDir } from '../helpers/tmp.js';

const tmp = () => tmpDir('bench-test-');

test('timePasses warms every function up before timing it, and times each twice per input', async () => {
  // Slow the first time it meets an input, as a search is whose passages' pages have gone cold.
  const seen = new Set<number>();
  let calls = 0;
  const cold = async (x: number) => {
    calls++;
    if (seen.has(x)) return;
    seen.add(x);
    await new Promise((resolve) => setTimeout(resolve, 40));
  };
  const warm = () => {};
  const [coldMs, warmMs] = await timePasses([1, 2, 3], [cold, warm]);
  assert.equal(calls, 9, 'one untimed pass and two timed rounds');
  assert.equal(coldMs!.length, 6);
  assert.equal(warmMs!.length, 6);
  assert.ok(Math.max(...coldMs!) < 30, `timed after warming up: ${coldMs!.join(', ')} ms`);
});

test('percentile interpolates between closest ranks', () => {
  const xs = [5, 1, 4, 2, 3];
  assert.equal(percentile(xs, 0), 1);
  assert.equal(percentile(xs, 50), 3);
  assert.equal(percentile(xs, 100), 5);
  assert.equal(percentile([1, 2, 3, 4], 50), 2.5);
  assert.ok(Math.abs(percentile([10, 20], 95) - 19.5) < 1e-9);
  const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
  assert.ok(Math.abs(percentile(hundred, 99) - 99.01) < 1e-9);
  assert.deepEqual(xs, [5, 1, 4, 2, 3], 'the input is not sorted in place');
  assert.throws(() => percentile([], 50), /no samples/);
  assert.throws(() => percentile([1], 101), /outside/);
});

test('summarize gives p50, p95, p99 and the mean', () => {
  const s = summarize(Array.from({ length: 101 }, (_, i) => i));
  assert.deepEqual(s, { n: 101, p50: 50, p95: 95, p99: 99, mean: 50 });
});

test('recall@k by id and by distance, ties at the k-th place counted as found', () => {
  const exact = { labels: [1, 2, 3, 4], distances: [0.1, 0.2, 0.3, 0.3] };
  assert.deepEqual(recallAt(exact, exact), { byId: 1, byDistance: 1 });
  // Label 9 is at the same distance as the exact 4th: a tie, not a miss.
  const tie = { labels: [1, 2, 3, 9], distances: [0.1, 0.2, 0.3, 0.3] };
  assert.deepEqual(recallAt(tie, exact), { byId: 0.75, byDistance: 1 });
  const worse = { labels: [1, 2, 7, 8], distances: [0.1, 0.2, 0.35, 0.5] };
  assert.deepEqual(recallAt(worse, exact), { byId: 0.5, byDistance: 0.5 });
  // Fewer results than k are misses.
  assert.deepEqual(recallAt({ labels: [1], distances: [0.1] }, exact), { byId: 0.25, byDistance: 0.25 });
  assert.deepEqual(recallAt({ labels: [], distances: [] }, { labels: [], distances: [] }), {
    byId: 1,
    byDistance: 1,
  });
});

test('chooseEf takes the smallest ef reaching the target, else the best', () => {
  const curve = [
    { ef: 64, recall: 0.985 },
    { ef: 16, recall: 0.9 },
    { ef: 32, recall: 0.97 },
    { ef: 128, recall: 0.99 },
  ];
  assert.deepEqual(chooseEf(curve, 0.98), { ef: 64, recall: 0.985, reached: true });
  assert.deepEqual(chooseEf(curve, 0.995), { ef: 128, recall: 0.99, reached: false });
  assert.deepEqual(
    chooseEf(
      [
        { ef: 16, recall: 0.5 },
        { ef: 32, recall: 0.5 },
      ],
      0.98,
    ),
    {
      ef: 16,
      recall: 0.5,
      reached: false,
    },
  );
});

test('markdownTable escapes pipes and right-aligns numeric columns', () => {
  const md = markdownTable(
    ['name', 'ms'],
    [
      ['a|b', '1.50'],
      ['c', '12,000.0'],
    ],
  );
  assert.equal(md, ['| name | ms |', '| --- | ---: |', '| a\\|b | 1.50 |', '| c | 12,000.0 |'].join('\n'));
});

test('writeSubset streams the first N non-empty lines of a gzipped corpus', async () => {
  const dir = tmp();
  const corpus = path.join(dir, 'c.jsonl.gz');
  const lines = Array.from({ length: 50 }, (_, i) => JSON.stringify({ id: `a${i}`, text: `نص ${i}` }));
  fs.writeFileSync(
    corpus,
    zlib.gzipSync(lines.slice(0, 10).join('\n') + '\n\n' + lines.slice(10).join('\n') + '\n'),
  );
  const out = path.join(dir, 'first.jsonl');
  assert.equal(await writeSubset(corpus, 12, out), 12);
  assert.equal(fs.readFileSync(out, 'utf8'), lines.slice(0, 12).join('\n') + '\n');
  assert.equal(await writeSubset(corpus, 1000, out), 50, 'a shorter corpus is written whole');
  assert.equal(fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).length, 50);
  const plain = path.join(dir, 'c.jsonl');
  fs.writeFileSync(plain, lines.join('\n'));
  assert.equal(await writeSubset(plain, 3, out), 3);
  await assert.rejects(writeSubset(corpus, 0, out), /positive integer/);
});

test('parseSizes reads seeds, numbers and all, without repeats', () => {
  assert.deepEqual(parseSizes('seeds, 1000,all,1000'), [
    { label: 'seeds' },
    { label: '1000', articles: 1000 },
    { label: 'all' },
  ]);
  assert.throws(() => parseSizes('1k'), /"1k"/);
  assert.throws(() => parseSizes('0'), /"0"/);
  assert.throws(() => parseSizes(','), /no size/);
});

test('loadQuestions interleaves the files and repeats to N', () => {
  const dir = tmp();
  const a = path.join(dir, 'a.jsonl');
  const b = path.join(dir, 'b.jsonl');
  fs.writeFileSync(a, ['A1', 'A2'].map((q) => JSON.stringify({ question: q })).join('\n'));
  fs.writeFileSync(
    b,
    ['B1', 'B2', 'B3', 'B4'].map((q) => JSON.stringify({ id: q, question: q })).join('\n') + '\n',
  );
  assert.deepEqual(loadQuestions([a, b]), ['A1', 'B1', 'A2', 'B2', 'B3', 'B4']);
  assert.deepEqual(loadQuestions([a, b], 8), ['A1', 'B1', 'A2', 'B2', 'B3', 'B4', 'A1', 'B1']);
  fs.writeFileSync(a, '{"q": 1}\n');
  assert.throws(() => loadQuestions([a]), /a\.jsonl:1/);
});

const lat = (p50: number, p95 = p50 * 2) => ({ n: 100, p50, p95, p99: p95 * 1.5, mean: p50 });

function size(label: string, articles: number, passages: number, answerP95: number): SizeResult {
  return {
    label,
    source: `/tmp/${label}.jsonl`,
    ingestReused: false,
    ingest: {
      articles,
      passages,
      skipped: 0,
      seconds: passages / 1000,
      embedSeconds: passages / 4000,
      passagesPerSecond: 1000,
      peakRssMiB: 300,
      indexBytes: passages * 4096,
      embedderId: 'lexical-hash-v2-d384',
    },
    serve: {
      efSearch: 64,
      queries: 100,
      openSeconds: 0.2,
      dense: lat(0.5),
      lexical: lat(1),
      hybrid: lat(5),
      answer: lat(6, answerP95),
      peakRssMiB: 400,
    },
    ann: {
      vectors: passages,
      dimension: 384,
      queries: 900,
      k: 10,
      exact: { buildSeconds: 1, latency: lat(8) },
      curve: [16, 32, 64].map((ef, i) => ({
        ef,
        recall: [0.9, 0.97, 0.99][i]!,
        recallById: 0.9,
        latency: lat(0.1 * (i + 1)),
      })),
      chosen: { ef: 64, recall: 0.99, reached: true, target: 0.98 },
      ours: {
        openSeconds: 0.3,
        openSecondsNoVerify: 0.1,
        searchWithPassages: lat(0.4),
        searchOnly: lat(0.3),
        recall: 0.99,
      },
      langchain: {
        addSeconds: passages / 500,
        saveSeconds: 1,
        loadSeconds: 2,
        bytes: passages * 2048,
        defaultEf: 10,
        recallAtDefaultEf: 0.8,
        latencyAtDefaultEf: lat(0.2),
        curve: [],
        ef: 128,
        latency: lat(0.5),
        recall: 0.99,
      },
    },
  };
}

test('targets are judged on the largest size', () => {
  const small = size('1000', 1000, 4000, 10);
  const big = size('all', 23133, 90000, 70);
  const targets = checkTargets([big, small]);
  assert.equal(targets.length, 5);
  assert.deepEqual(
    targets.map((t) => t.pass),
    [true, false, true, true, true],
  );
  assert.match(targets[1]!.value, /^70\.00 ms/);
  // Our whole ingestion (embedding included) against theirs given the vectors.
  assert.match(targets[3]!.value, /90\.00 s vs 181\.00 s \(0\.50×\)/);
  assert.deepEqual(checkTargets([]), []);
});

test('renderMarkdown has every section and writeReport writes latest and timestamped copies', () => {
  const report: BenchReport = {
    startedAt: '2026-01-02T03:04:05.678Z',
    finishedAt: '2026-01-02T03:14:05.678Z',
    machine: { cpu: 'Test CPU', cores: 2, memoryGiB: 8, node: 'v20.0.0', os: 'Linux', loadAverage: 0.5 },
    settings: {
      embedder: 'lexical-hash-v2-d384',
      efSearch: 64,
      m: 16,
      efConstruction: 200,
      shards: 2,
      queries: 100,
      corpus: 'c',
    },
    sizes: [size('1000', 1000, 4000, 10), size('5000', 5000, 20000, 20)],
    chosenEf: { size: '5000', ef: 64, recall: 0.99, reached: true, target: 0.98 },
    targets: [],
  };
  report.targets = checkTargets(report.sizes);
  const md = renderMarkdown(report);
  for (const heading of [
    '## Ingestion',
    '## Query latency',
    '## HNSW recall@10',
    '## Side by side',
    '## Growth',
    '## Targets',
  ]) {
    assert.ok(md.includes(heading), heading);
  }
  assert.match(md, /Test CPU, 2 cores, 8\.0 GiB RAM, Node v20\.0\.0/);
  assert.match(md, /\*\*Chosen efSearch: 64\*\*/);
  assert.match(
    md,
    /\| 5,000 articles \| 20,000 \| 5\.0 \| 20\.0 \| 5\.0 \|/,
    'growth factors against 1,000 articles',
  );
  assert.match(md, /\| 1,000 articles \| 4,000 \| 900 \| 64 ← \| 0\.9900 \|/, 'the chosen ef is marked');
  assert.match(md, /the targets are set for the full corpus/);
  const at32 = renderMarkdown({ ...report, settings: { ...report.settings, efSearch: 32 } });
  assert.match(at32, /The configured HNSW_EF_SEARCH is 32: recall@10 0\.9700 there on 5,000 articles\./);

  const dir = tmp();
  const files = writeReport(dir, report, md);
  assert.deepEqual(
    files.map((f) => path.basename(f)),
    ['latest.md', 'latest.json', 'bench-2026-01-02T03-04-05-678Z.md', 'bench-2026-01-02T03-04-05-678Z.json'],
  );
  assert.equal(fs.readFileSync(path.join(dir, 'latest.md'), 'utf8'), md);
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'latest.json'), 'utf8')), report);
});
