import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import hnswlib from 'hnswlib-node';
import { VectorBuilder } from '../../src/index/vector-builder.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'vector-builder-'));
const unit = (dim: number, i: number) =>
  Array.from({ length: dim }, (_, j) => (j === i % dim ? 1 : 0.01 * j));

test('the graph built on its thread holds every vector added, minus those removed, and grows as needed', async () => {
  const dir = tmp();
  const builder = new VectorBuilder({
    dimension: 8,
    previousFile: null,
    m: 8,
    efConstruction: 50,
    deleted: 0,
  });
  try {
    // More than the initial capacity of 1024, in batches, so the graph must grow.
    for (let b = 0; b < 5; b++) {
      const labels = Array.from({ length: 300 }, (_, i) => b * 300 + i);
      await builder.add(
        labels,
        labels.map((l) => unit(8, l)),
      );
    }
    builder.remove([0, 1, 2, 99_999]); // a label never added is ignored
    const file = path.join(dir, 'v.hnsw');
    const out = await builder.write(file);
    assert.equal(out.count, 1500);
    assert.equal(out.deleted, 3);
    assert.ok(out.capacity >= 1500);
    const h = new hnswlib.HierarchicalNSW('cosine', 8);
    h.readIndexSync(file);
    assert.equal(h.getCurrentCount(), 1500);
    for (const l of [0, 1, 2]) assert.throws(() => h.getPoint(l), 'a removed vector is marked deleted');
    assert.equal(h.getPoint(1499).length, 8);
  } finally {
    await builder.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a failure on the graph thread is reported to the next call, not lost', async () => {
  const dir = tmp();
  const damaged = path.join(dir, 'damaged.hnsw');
  fs.writeFileSync(damaged, 'not an hnsw index');
  const builder = new VectorBuilder({
    dimension: 8,
    previousFile: damaged,
    m: 8,
    efConstruction: 50,
    deleted: 0,
  });
  try {
    await assert.rejects(builder.add([1], [unit(8, 1)]), /building the vector index failed|stopped/);
    await assert.rejects(builder.write(path.join(dir, 'out.hnsw')));
  } finally {
    await builder.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
