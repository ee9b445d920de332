// Opens and closes shard searchers again and again, closing while one shard's thread is still
// loading its graph (the other shard is damaged, so ready() fails at once). Run as a child process
// by vector-search.test.ts: were a thread terminated inside hnswlib, the whole process would abort.
//
//   node --import tsx test/helpers/close-while-loading.ts DIR CYCLES
import fs from 'node:fs';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import { VectorSearch } from '../../src/index/vector-search.js';

const [dir = '.', cycles = '20'] = process.argv.slice(2);
const DIM = 16;
const N = 20_000; // big enough that loading takes a while
const graph = new hnswlib.HierarchicalNSW('cosine', DIM);
graph.initIndex({ maxElements: N, m: 16, efConstruction: 20, randomSeed: 1 });
let x = 1;
const random = () => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
for (let l = 0; l < N; l++) graph.addPoint(Array.from({ length: DIM }, random), l);
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
console.log(`closed ${cycles} times`);
