import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import hnswlib from 'hnswlib-node';
import { VectorSearch } from '../../src/index/vector-search.js';
import { closeWhileBusy } from '../helpers/threads.js';
import { tmpDir } from '../helpers/tmp.js';

const DIM = 16;
/** A deterministic pseudo-random unit-ish vector per label. */
const vec = (seed: number) => {
  let x = (seed + 1) * 2654435761;
  return Array.from({ length: DIM }, () => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x / 2 ** 32) * 2 - 1;
  });
};

/** Writes `shards` graphs holding labels 0..n-1 by label % shards; returns the files. */
function writeShards(dir: string, n: number, shards: number, deleted: number[] = []): string[] {
  return Array.from({ length: shards }, (_, s) => {
    const h = new hnswlib.HierarchicalNSW('cosine', DIM);
    h.initIndex({ maxElements: n, m: 16, efConstruction: 200, randomSeed: 100 });
    for (let l = s; l < n; l += shards) h.addPoint(vec(l), l);
    for (const l of deleted) if (l % shards === s) h.markDelete(l);
    const file = path.join(dir, `v${s}.hnsw`);
    h.writeIndexSync(file);
    return file;
  });
}

// A small index is searched on the calling thread, a large one on the shards' threads: both ways.
for (const threads of [true, false]) {
  const where = threads ? "on the shards' threads" : 'on the calling thread';

  test(`searching shards ${where} gives the nearest of all, as exact search does`, async () => {
    const dir = tmpDir('vector-search-');
    const n = 600;
    const files = writeShards(dir, n, 3, [5, 6, 7]);
    const search = new VectorSearch(
      files.map((file) => ({ file, dimension: DIM, efSearch: 400, live: n / 3 - 1 })),
      threads,
    );
    const exact = new hnswlib.BruteforceSearch('cosine', DIM);
    exact.initIndex(n);
    for (let l = 0; l < n; l++) if (![5, 6, 7].includes(l)) exact.addPoint(vec(l), l);
    try {
      await search.ready();
      for (let q = 0; q < 20; q++) {
        const query = vec(10_000 + q);
        const got = await search.search(query, 10);
        const want = exact.searchKnn(query, 10);
        assert.deepEqual(got.labels, want.neighbors, `query ${q}`);
        for (const [i, d] of got.distances.entries()) assert.ok(Math.abs(d - want.distances[i]!) < 1e-5);
      }
      const own = await search.search(vec(6), 3);
      assert.ok(!own.labels.includes(6), 'a deleted vector is never found');
      // More than there is: every live vector, once, nearest first.
      const all = await search.search(vec(1), 10_000);
      assert.equal(all.labels.length, n - 3);
      assert.equal(new Set(all.labels).size, n - 3);
      assert.ok(all.distances.every((d, i) => i === 0 || all.distances[i - 1]! <= d));
      // Concurrent searches each get their own answer.
      const many = await Promise.all([1, 2, 3, 4].map((l) => search.search(vec(l), 1)));
      assert.deepEqual(
        many.map((m) => m.labels[0]),
        [1, 2, 3, 4],
      );
    } finally {
      await search.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`a shard that cannot be loaded ${where} fails ready() and every search, and close still works`, async () => {
    const dir = tmpDir('vector-search-');
    const [good] = writeShards(dir, 10, 1);
    const damaged = path.join(dir, 'damaged.hnsw');
    fs.writeFileSync(damaged, 'not an hnsw index');
    const search = new VectorSearch(
      [
        { file: good!, dimension: DIM, efSearch: 10, live: 10 },
        { file: damaged, dimension: DIM, efSearch: 10, live: 10 },
      ],
      threads,
    );
    try {
      await assert.rejects(search.ready(), /damaged\.hnsw/);
      await assert.rejects(search.search(vec(1), 3), /damaged\.hnsw/);
    } finally {
      await search.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await assert.rejects(search.search(vec(1), 3), /closed|damaged/);
  });
}

/** Whether `p` settles while only promise callbacks run: never when a thread has to answer. */
async function settlesAtOnce(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void p.then(() => (settled = true));
  for (let i = 0; i < 20; i++) await Promise.resolve();
  return settled;
}

test('an index of fewer than 5,000 vectors is searched on the calling thread, a larger one on threads', async () => {
  const dir = tmpDir('vector-search-');
  const [file] = writeShards(dir, 10, 1);
  const small = new VectorSearch([{ file: file!, dimension: DIM, efSearch: 10, live: 4_999 }]);
  const large = new VectorSearch([{ file: file!, dimension: DIM, efSearch: 10, live: 5_000 }]);
  try {
    await Promise.all([small.ready(), large.ready()]);
    const [fromSmall, fromLarge] = [small.search(vec(3), 1), large.search(vec(3), 1)];
    assert.equal(await settlesAtOnce(fromSmall), true);
    assert.equal(await settlesAtOnce(fromLarge), false);
    assert.deepEqual((await fromSmall).labels, [3]);
    assert.deepEqual((await fromLarge).labels, [3]);
  } finally {
    await small.close();
    await large.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('closing while a shard is still loading its graph stops its thread cleanly, without aborting the process', () => {
  // Before threads were asked to stop rather than terminated, this aborted (SIGABRT, "napi_throw")
  // within 20 cycles in every run.
  const run = closeWhileBusy('search');
  assert.equal(run.signal, null, run.stderr);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /closed 20 times/);
});
