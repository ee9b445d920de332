// One HNSW shard of an open index, searched on a thread of its own so that every shard of a
// question is searched at the same time. Messages are handled in order, one at a time.
// Plain JavaScript: a worker thread does not get tsx's loader. The message shapes are
// SearchWorkerData, SearchCommand and SearchReply in vector-search.ts.
import { parentPort, workerData } from 'node:worker_threads';
import hnswlib from 'hnswlib-node';

const port = parentPort;
if (!port) throw new Error('search-worker must run as a worker thread');
/** @type {import('./vector-search.js').SearchWorkerData} */
const init = workerData;
const hnsw = new hnswlib.HierarchicalNSW('cosine', init.dimension);

/** @param {import('./vector-search.js').SearchReply} r */
const reply = (r) => port.postMessage(r);
const message = (err) => (err instanceof Error ? err.message : String(err));

try {
  hnsw.readIndexSync(init.file);
  // hnswlib resets ef to 10 when it reads an index: set it after every load.
  hnsw.setEf(init.efSearch);
  reply({ kind: 'ready' });
} catch (err) {
  reply({ kind: 'error', id: null, message: message(err) });
}

port.on('message', (/** @type {import('./vector-search.js').SearchCommand} */ cmd) => {
  try {
    if (cmd.kind === 'ef') {
      hnsw.setEf(cmd.ef);
      return;
    }
    if (cmd.kind === 'close') {
      // Outside any hnswlib call: the thread ends here, not in the middle of one (see close()).
      port.close();
      return;
    }
    const k = Math.min(cmd.k, init.live);
    if (k <= 0) {
      reply({ kind: 'found', id: cmd.id, labels: [], distances: [] });
      return;
    }
    const { neighbors, distances } = hnsw.searchKnn(cmd.vector, k);
    reply({ kind: 'found', id: cmd.id, labels: neighbors, distances });
  } catch (err) {
    reply({ kind: 'error', id: cmd.kind === 'search' ? cmd.id : null, message: message(err) });
  }
});
