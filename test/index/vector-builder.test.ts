import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import hnswlib from 'hnswlib-node';
import { unfinishedShard, VectorBuilder } from '../../src/index/vector-builder.js';
import { closeWhileBusy } from '../helpers/threads.js';
import { tmpDir } from '../helpers/tmp.js';

const tmp = () => tmpDir('vector-builder-');
const unit = (dim: number, i: number) =>
  Array.from({ length: dim }, (_, j) => (j === i % dim ? 1 : 0.01 * j));
/** A builder of 8-dimensional shards, one per previous file given (null for an empty one). */
const shardsFrom = (previousFiles: (string | null)[]) =>
  new VectorBuilder({
    dimension: 8,
    m: 8,
    efConstruction: 50,
    shards: previousFiles.map((previousFile) => ({ previousFile, deleted: 0 })),
  });

test('each shard, built on its thread, holds its labels added minus those removed, and grows as needed', async () => {
  const dir = tmp();
  const builder = shardsFrom([null, null]);
  try {
    // More than a shard's initial capacity of 1024, in batches, so the graphs must grow.
    for (let b = 0; b < 10; b++) {
      const labels = Array.from({ length: 300 }, (_, i) => b * 300 + i);
      await builder.add(
        labels,
        labels.map((l) => unit(8, l)),
      );
    }
    builder.remove([0, 1, 2, 99_999]); // a label never added is ignored
    const files = [path.join(dir, 'v0.hnsw'), path.join(dir, 'v1.hnsw')];
    const out = await builder.write(files);
    assert.deepEqual(
      out.map((o) => [o.count, o.deleted]),
      [
        [1500, 2],
        [1500, 1],
      ],
      'even labels in shard 0, odd in shard 1; 0 and 2 deleted from one, 1 from the other',
    );
    assert.ok(out.every((o) => o.capacity >= 1500));
    for (const [i, file] of files.entries()) {
      const h = new hnswlib.HierarchicalNSW('cosine', 8);
      h.readIndexSync(file);
      assert.equal(h.getCurrentCount(), 1500);
      assert.ok(h.getIdsList().every((l) => l % 2 === i));
      for (const l of [0, 1, 2].filter((l) => l % 2 === i))
        assert.throws(() => h.getPoint(l), 'a removed vector is marked deleted');
    }
  } finally {
    await builder.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a failure on a shard thread is reported to the next call, not lost', async () => {
  const dir = tmp();
  const damaged = path.join(dir, 'damaged.hnsw');
  fs.writeFileSync(damaged, 'not an hnsw index');
  const builder = shardsFrom([null, damaged]);
  try {
    await assert.rejects(
      builder.add([0, 1], [unit(8, 0), unit(8, 1)]),
      /building the vector index failed|stopped/,
    );
    await assert.rejects(builder.write([path.join(dir, 'a.hnsw'), path.join(dir, 'b.hnsw')]));
  } finally {
    await builder.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('closing a builder while it still inserts vectors (a failed ingestion) stops its threads without aborting the process', () => {
  // Before threads were asked to stop rather than terminated, this aborted (SIGABRT, "napi_throw")
  // within 20 cycles in every run.
  const run = closeWhileBusy('build');
  assert.equal(run.signal, null, run.stderr);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /closed 20 times/);
});

test('a shard file cut short anywhere is told apart from a whole one (hnswlib reports no failed write)', async () => {
  const dir = tmp();
  const builder = shardsFrom([null]);
  try {
    // Enough vectors for some to reach the upper levels, whose links end the file.
    const labels = Array.from({ length: 600 }, (_, i) => i);
    await builder.add(
      labels,
      labels.map((l) => unit(8, l)),
    );
    const file = path.join(dir, 'v0.hnsw');
    await builder.write([file]);
    assert.equal(unfinishedShard(file), null);
    const whole = fs.readFileSync(file);
    const cut = path.join(dir, 'cut.hnsw');
    // In the header, in the level-0 blocks, in the upper levels' links, one byte short.
    for (const bytes of [0, 50, 96 + 1000, whole.length - 100, whole.length - 1]) {
      fs.writeFileSync(cut, whole.subarray(0, bytes));
      assert.match(
        unfinishedShard(cut) ?? 'whole',
        new RegExp(`^${bytes} bytes, short of `),
        `cut at ${bytes}`,
      );
    }
  } finally {
    await builder.close();
  }
});

test(
  'a shard written to a full disk is an error, not a short file taken for a graph',
  {
    skip: !fs.existsSync('/dev/full') && 'no /dev/full here',
  },
  async () => {
    const builder = shardsFrom([null]);
    try {
      await builder.add([1, 2], [unit(8, 1), unit(8, 2)]);
      await assert.rejects(builder.write(['/dev/full']), (err: Error) => {
        assert.equal(err.name, 'IndexError');
        assert.match(err.message, /^\/dev\/full was not written whole \(0 bytes, short of /);
        assert.match(
          err.message,
          /the disk is most likely full\. Free some space and run it again \(nothing was replaced\)\.$/,
        );
        return true;
      });
    } finally {
      await builder.close();
    }
  },
);
