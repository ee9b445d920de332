// Closes hnswlib threads again and again while they are busy, in a child process of the tests
// (vector-search.test.ts, vector-builder.test.ts): were a thread terminated inside hnswlib, the
// whole process would abort (SIGABRT, "napi_throw").
//
//   node --import tsx test/helpers/close-while-busy.ts search DIR CYCLES
//     opens a shard searcher whose other shard is damaged, so ready() fails at once, and closes
//     it while the good shard's thread is still loading its graph;
//   node --import tsx test/helpers/close-while-busy.ts build DIR CYCLES
//     queues vectors into a two-shard builder and closes it while they are being inserted, as an
//     ingestion that fails does.
import fs from 'node:fs';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import { VectorBuilder } from '../../src/index/vector-builder.js';
import { VectorSearch } from '../../src/index/vector-search.js';

const [mode, dir = '.', cycles = '20'] = process.argv.slice(2);
const DIM = 16;
let x = 1;
const random = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
const vector = () => Array.from({ length: DIM }, random);

if (mode === 'search') {
  const N = 20_000; // big enough that loading takes a while
  const graph = new hnswlib.HierarchicalNSW('cosine', DIM);
  graph.initIndex({ maxElements: N, m: 16, efConstruction: 20, randomSeed: 1 });
  for (let l = 0; l < N; l++) graph.addPoint(vector(), l);
  const good = path.join(dir, 'good.hnsw');
  graph.writeIndexSync(good);
  const damaged = path.join(dir, 'damaged.hnsw');
  fs.writeFileSync(damaged, 'not an hnsw index');
  for (let i = 0; i < Number(cycles); i++) {
    const search = new VectorSearch([
      { file: good, dimension: DIM, efSearch: 10, live: N },
      { file: damaged, dimension: DIM, efSearch: 10, live: 10 },
    ]);
    await search.ready().catch(() => {});
    await search.close();
  }
} else if (mode === 'build') {
  const labels = Array.from({ length: 2000 }, (_, i) => i);
  const vectors = labels.map(vector);
  for (let i = 0; i < Number(cycles); i++) {
    const empty = { previousFile: null, deleted: 0 };
    const builder = new VectorBuilder({ dimension: DIM, m: 16, efConstruction: 100, shards: [empty, empty] });
    await builder.add(labels, vectors);
    await builder.close();
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
console.log(`closed ${cycles} times`);
