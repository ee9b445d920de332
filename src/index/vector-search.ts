import { Worker } from 'node:worker_threads';
import hnswlib from 'hnswlib-node';
import { ThreadReplies } from '../thread-replies.js';
import { untilStopped } from './thread-stop.js';

/** What a shard's search thread loads. */
export interface SearchWorkerData {
  file: string;
  dimension: number;
  efSearch: number;
  /** Vectors in the shard that are not deleted: no search asks for more. */
  live: number;
}

export type SearchCommand =
  | { kind: 'search'; id: number; vector: readonly number[]; k: number }
  | { kind: 'ef'; ef: number }
  | { kind: 'close' };

export type SearchReply =
  | { kind: 'ready' }
  | { kind: 'found'; id: number; labels: number[]; distances: number[] }
  | { kind: 'error'; id: number | null; message: string };

/** Nearest labels and their cosine distances, nearest first. */
export interface Neighbours {
  labels: number[];
  distances: number[];
}

// Plain JavaScript, so that the thread needs no TypeScript loader.
const WORKER_URL = new URL('./search-worker.mjs', import.meta.url);

/**
 * One shard's graph, loaded and searched on a worker thread. The thread keeps the process alive
 * only while a search is waiting for it, so an index that is never closed does not hang a script.
 */
class ShardSearcher implements Shard {
  private readonly worker: Worker;
  private failure: Error | null = null;
  private closed = false;
  /** Settles when the thread has stopped. */
  private readonly exited: Promise<void>;
  // Once closing, the thread keeps the process alive until it has stopped (see close()).
  private readonly replies = new ThreadReplies<Neighbours>((held) => {
    if (held) this.worker.ref();
    else if (!this.closed) this.worker.unref();
  });

  /** Settles once the shard is loaded, or has failed to load. */
  readonly ready: Promise<void>;
  private loaded!: () => void;
  private notLoaded!: (err: Error) => void;

  constructor(data: SearchWorkerData) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.loaded = resolve;
      this.notLoaded = reject;
    });
    this.ready.catch(() => {}); // reported by whoever awaits it, and by every search
    this.worker = new Worker(WORKER_URL, { workerData: data });
    this.worker.unref();
    this.worker.on('message', (r: SearchReply) => {
      if (r.kind === 'ready') {
        this.loaded();
        return;
      }
      if (r.kind === 'found') {
        this.replies.resolve(r.id, { labels: r.labels, distances: r.distances });
        return;
      }
      const err = new Error(`searching ${data.file} failed: ${r.message}`);
      if (r.id === null) this.fail(err);
      else this.replies.reject(r.id, err);
    });
    this.worker.on('error', (err) => this.fail(err));
    this.exited = new Promise((resolve) =>
      this.worker.on('exit', (code) => {
        if (!this.closed)
          this.fail(new Error(`the search thread of ${data.file} stopped (exit code ${code})`));
        resolve();
      }),
    );
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.notLoaded(this.failure);
    this.replies.rejectAll(this.failure);
  }

  setEf(ef: number): void {
    this.worker.postMessage({ kind: 'ef', ef } satisfies SearchCommand);
  }

  search(vector: readonly number[], k: number): Promise<Neighbours> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('the index is closed'));
    return this.replies.request((id) =>
      this.worker.postMessage({ kind: 'search', id, vector, k } satisfies SearchCommand),
    );
  }

  /**
   * Asks the thread to stop once it is done with what it is doing (loading its graph, a search)
   * and waits until it has (see untilStopped).
   */
  async close(): Promise<void> {
    if (this.closed) return this.exited;
    this.closed = true;
    this.fail(new Error('the index is closed'));
    this.worker.ref(); // a script that awaits close() is not left to end before the thread has
    this.worker.postMessage({ kind: 'close' } satisfies SearchCommand);
    await untilStopped(this.worker, this.exited);
  }
}

/** What VectorSearch needs of a shard, searched on a thread of its own or on the calling one. */
interface Shard {
  readonly ready: Promise<void>;
  setEf(ef: number): void;
  search(vector: readonly number[], k: number): Promise<Neighbours>;
  close(): Promise<void>;
}

/**
 * A small shard, loaded and searched on the calling thread: a search there takes microseconds,
 * less than the round trip to a thread of its own.
 */
class LocalShard implements Shard {
  readonly ready: Promise<void>;
  private readonly hnsw: InstanceType<typeof hnswlib.HierarchicalNSW>;
  private closed = false;

  constructor(private readonly data: SearchWorkerData) {
    this.hnsw = new hnswlib.HierarchicalNSW('cosine', data.dimension);
    try {
      this.hnsw.readIndexSync(data.file);
      // hnswlib resets ef to 10 when it reads an index: set it after every load.
      this.hnsw.setEf(data.efSearch);
      this.ready = Promise.resolve();
    } catch (err) {
      this.ready = Promise.reject(new Error(`searching ${data.file} failed: ${(err as Error).message}`));
      this.ready.catch(() => {}); // reported by whoever awaits it, and by every search
    }
  }

  setEf(ef: number): void {
    this.hnsw.setEf(ef);
  }

  async search(vector: readonly number[], k: number): Promise<Neighbours> {
    await this.ready;
    if (this.closed) throw new Error('the index is closed');
    const n = Math.min(k, this.data.live);
    if (n <= 0) return { labels: [], distances: [] };
    const { neighbors, distances } = this.hnsw.searchKnn(vector as number[], n);
    return { labels: neighbors, distances };
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

/**
 * Below this many vectors in all, an index's shards are searched on the calling thread: on the
 * seed index (88 passages) the round trip to the shards' threads was most of a dense search.
 */
const LOCAL_BELOW = 5_000;

/**
 * The HNSW shards of an index generation, searched in parallel, one thread each: a question's
 * nearest passages are the nearest of every shard's nearest. With one core per shard, a search
 * takes about as long as one shard's, and each shard, smaller than the whole, is searched with
 * the same efSearch, which finds more of the true neighbours than one graph of everything would.
 * A small index (LOCAL_BELOW) is searched shard by shard on the calling thread instead.
 */
export class VectorSearch {
  private readonly shards: Shard[];

  /** `threads`: search on the shards' threads; by default only with LOCAL_BELOW vectors or more. */
  constructor(shards: readonly SearchWorkerData[], threads?: boolean) {
    const threaded = threads ?? shards.reduce((n, s) => n + s.live, 0) >= LOCAL_BELOW;
    this.shards = shards.map((s) => (threaded ? new ShardSearcher(s) : new LocalShard(s)));
  }

  /** Resolves once every shard is loaded; rejects with the first that cannot be. */
  async ready(): Promise<void> {
    await Promise.all(this.shards.map((s) => s.ready));
  }

  /** Applies to every search made after it. */
  setEf(ef: number): void {
    for (const s of this.shards) s.setEf(ef);
  }

  async search(vector: readonly number[], k: number): Promise<Neighbours> {
    if (k <= 0) return { labels: [], distances: [] };
    const found = await Promise.all(this.shards.map((s) => s.search(vector, k)));
    if (found.length === 1) return found[0]!;
    const all: { label: number; distance: number }[] = [];
    for (const f of found) f.labels.forEach((label, i) => all.push({ label, distance: f.distances[i]! }));
    all.sort((a, b) => a.distance - b.distance || a.label - b.label);
    const top = all.slice(0, k);
    return { labels: top.map((n) => n.label), distances: top.map((n) => n.distance) };
  }

  async close(): Promise<void> {
    await Promise.all(this.shards.map((s) => s.close()));
  }
}
