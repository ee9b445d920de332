// One HNSW shard of an index generation, built on a thread of its own: inserting a vector is
// most of ingestion's work, and it then overlaps with reading, chunking, analysing, embedding and
// storing the next articles on the main thread. Messages are handled in order, one at a time.
// Plain JavaScript: a worker thread does not get tsx's loader. The message shapes are
// VectorWorkerData, VectorCommand and VectorReply in vector-builder.ts.
import { parentPort, workerData } from 'node:worker_threads';
import hnswlib from 'hnswlib-node';

const port = parentPort;
if (!port) throw new Error('vector-worker must run as a worker thread');
/** @type {import('./vector-builder.js').VectorWorkerData} */
const init = workerData;
const hnsw = new hnswlib.HierarchicalNSW('cosine', init.dimension);
let deleted = init.deleted;
/** Set by close() on the main thread: the vectors still queued are not wanted any more. */
const stopping = () => Atomics.load(init.stop, 0) === 1;

function start() {
  if (init.previousFile) {
    hnsw.readIndexSync(init.previousFile, true);
    return;
  }
  hnsw.initIndex({
    maxElements: 1024,
    m: init.m,
    efConstruction: init.efConstruction,
    randomSeed: 100,
    allowReplaceDeleted: true,
  });
}

/** @param {number[]} labels @param {Float32Array} vectors */
function add(labels, vectors) {
  const dim = init.dimension;
  for (let i = 0; i < labels.length; i++) {
    if (stopping()) return;
    // With deleted slots available, hnswlib reuses them instead of growing.
    if (deleted === 0 && hnsw.getCurrentCount() >= hnsw.getMaxElements()) {
      hnsw.resizeIndex(Math.ceil(hnsw.getMaxElements() * 1.5) + 1024);
    }
    hnsw.addPoint(Array.from(vectors.subarray(i * dim, (i + 1) * dim)), labels[i], deleted > 0);
    if (deleted > 0) deleted--;
  }
}

/** @param {number[]} labels */
function remove(labels) {
  for (const l of labels) {
    try {
      hnsw.markDelete(l);
      deleted++;
    } catch {
      // Not in the graph (never added): nothing to delete.
    }
  }
}

/** @param {import('./vector-builder.js').VectorReply} r */
const reply = (r) => port.postMessage(r);

try {
  start();
  reply({ kind: 'ready' });
} catch (err) {
  reply({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
}

port.on('message', (/** @type {import('./vector-builder.js').VectorCommand} */ cmd) => {
  if (cmd.kind === 'close') {
    // Outside any hnswlib call: the thread ends here, not in the middle of one (see close()).
    port.close();
    return;
  }
  if (stopping()) return;
  try {
    switch (cmd.kind) {
      case 'add':
        add(cmd.labels, cmd.vectors);
        reply({ kind: 'added' });
        break;
      case 'remove':
        remove(cmd.labels);
        break;
      case 'write':
        hnsw.writeIndexSync(cmd.file);
        reply({ kind: 'written', capacity: hnsw.getMaxElements(), deleted, count: hnsw.getCurrentCount() });
        break;
    }
  } catch (err) {
    reply({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
  }
});
