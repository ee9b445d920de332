import fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import { IndexError } from './manifest.js';
import { untilStopped } from './thread-stop.js';

/** What a shard's thread starts from: a previous generation's file, or an empty graph. */
export interface VectorWorkerData {
  dimension: number;
  previousFile: string | null;
  m: number;
  efConstruction: number;
  /** Deleted slots in the previous graph, reused before it grows. */
  deleted: number;
  /** Shared with the thread: set to 1, it skips the vectors still queued (see close()). */
  stop: Int32Array;
}

export type VectorCommand =
  | { kind: 'add'; labels: number[]; vectors: Float32Array }
  | { kind: 'remove'; labels: number[] }
  | { kind: 'write'; file: string }
  | { kind: 'close' };

export type VectorReply =
  | { kind: 'ready' }
  | { kind: 'added' }
  | { kind: 'written'; capacity: number; deleted: number; count: number }
  | { kind: 'error'; message: string };

/** Batches sent but not yet inserted before `add` waits: bounds the memory of the queue. */
const MAX_IN_FLIGHT = 16;

// Plain JavaScript, so that the thread needs no TypeScript loader.
const WORKER_URL = new URL('./vector-worker.mjs', import.meta.url);

/**
 * Builds one HNSW shard on a worker thread. Calls are queued in order; `add` returns
 * once the queue is short enough, so a fast producer cannot fill memory with waiting vectors.
 * The first failure on the thread is reported by the next call (and by `write`).
 */
export class ShardBuilder {
  private readonly worker: Worker;
  private started = false;
  private inFlight = 0;
  private written: WriteResult | null = null;
  private failure: Error | null = null;
  private closed = false;
  private waiters: (() => void)[] = [];
  private readonly dimension: number;
  private readonly stop = new Int32Array(new SharedArrayBuffer(4));
  /** Settles when the thread has stopped. */
  private readonly exited: Promise<void>;

  constructor(data: Omit<VectorWorkerData, 'stop'>) {
    this.dimension = data.dimension;
    this.worker = new Worker(WORKER_URL, {
      workerData: { ...data, stop: this.stop } satisfies VectorWorkerData,
    });
    this.worker.on('message', (r: VectorReply) => {
      if (r.kind === 'ready') this.started = true;
      else if (r.kind === 'added') this.inFlight--;
      else if (r.kind === 'written') this.written = r;
      else this.failure ??= new Error(`building the vector index failed: ${r.message}`);
      this.wake();
    });
    this.worker.on('error', (err) => {
      this.failure ??= err;
      this.wake();
    });
    this.exited = new Promise((resolve) =>
      this.worker.on('exit', (code) => {
        if (!this.closed) this.failure ??= new Error(`the vector index thread stopped (exit code ${code})`);
        this.wake();
        resolve();
      }),
    );
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** Resolves once `done()` holds; throws the thread's first failure instead. */
  private async until(done: () => boolean): Promise<void> {
    while (!this.failure && !done()) await new Promise<void>((r) => this.waiters.push(r));
    if (this.failure) throw this.failure;
  }

  /** Queues vectors for insertion under their labels. */
  async add(labels: readonly number[], vectors: readonly (readonly number[])[]): Promise<void> {
    await this.until(() => this.started);
    const flat = new Float32Array(labels.length * this.dimension);
    vectors.forEach((v, i) => flat.set(v, i * this.dimension));
    this.inFlight++;
    const cmd: VectorCommand = { kind: 'add', labels: [...labels], vectors: flat };
    this.worker.postMessage(cmd, [flat.buffer]);
    await this.until(() => this.inFlight < MAX_IN_FLIGHT);
  }

  /** Marks labels deleted; labels never added are ignored. */
  remove(labels: readonly number[]): void {
    if (this.failure) throw this.failure;
    if (labels.length)
      this.worker.postMessage({ kind: 'remove', labels: [...labels] } satisfies VectorCommand);
  }

  /** Waits for every queued insertion, then writes the graph to `file`, and checks it is whole. */
  async write(file: string): Promise<WriteResult> {
    this.written = null;
    this.worker.postMessage({ kind: 'write', file } satisfies VectorCommand);
    await this.until(() => this.written !== null);
    const short = unfinishedShard(file);
    if (short !== null) {
      throw new IndexError(
        `${file} was not written whole (${short}): hnswlib does not report a failed write, and the disk ` +
          'is most likely full. Free some space and run it again (nothing was replaced).',
      );
    }
    return this.written!;
  }

  /**
   * Stops the thread and waits until it has (see untilStopped): it skips the vectors still queued,
   * then ends between two hnswlib calls, also when an ingestion has failed while vectors were
   * still being inserted, which used to abort the process instead of reporting the failure.
   */
  async close(): Promise<void> {
    if (this.closed) return this.exited;
    this.closed = true;
    Atomics.store(this.stop, 0, 1);
    this.worker.postMessage({ kind: 'close' } satisfies VectorCommand);
    await untilStopped(this.worker, this.exited);
  }
}

export interface WriteResult {
  capacity: number;
  deleted: number;
  count: number;
}

/** Where each shard starts from, and the graph parameters they share. */
export interface VectorBuilderOptions {
  dimension: number;
  m: number;
  efConstruction: number;
  /** One entry per shard: its previous file (null for an empty graph) and deleted slots. */
  shards: readonly { previousFile: string | null; deleted: number }[];
}

/**
 * Builds a generation's HNSW graph as shards, one thread each, so that inserting vectors (most of
 * ingestion's work) uses every core while the main thread reads, embeds and stores. A vector goes
 * to shard `label % shards`, the rule the searcher and later generations rely on.
 */
export class VectorBuilder {
  private readonly shards: ShardBuilder[];

  constructor(opts: VectorBuilderOptions) {
    const { dimension, m, efConstruction } = opts;
    this.shards = opts.shards.map((s) => new ShardBuilder({ dimension, m, efConstruction, ...s }));
  }

  private split<T>(labels: readonly number[], items: readonly T[]): { labels: number[]; items: T[] }[] {
    const parts = this.shards.map(() => ({ labels: [] as number[], items: [] as T[] }));
    labels.forEach((l, i) => {
      const part = parts[l % parts.length]!;
      part.labels.push(l);
      part.items.push(items[i]!);
    });
    return parts;
  }

  /** Queues vectors for insertion under their labels, each into its shard. */
  async add(labels: readonly number[], vectors: readonly (readonly number[])[]): Promise<void> {
    const parts = this.split(labels, vectors);
    await Promise.all(
      parts.map((p, i) => (p.labels.length ? this.shards[i]!.add(p.labels, p.items) : Promise.resolve())),
    );
  }

  /** Marks labels deleted; labels never added are ignored. */
  remove(labels: readonly number[]): void {
    this.split(labels, labels).forEach((p, i) => this.shards[i]!.remove(p.labels));
  }

  /** Waits for every queued insertion, then writes shard i to `files[i]`. */
  async write(files: readonly string[]): Promise<WriteResult[]> {
    if (files.length !== this.shards.length)
      throw new Error(`${this.shards.length} shards need as many files`);
    return Promise.all(this.shards.map((s, i) => s.write(files[i]!)));
  }

  async close(): Promise<void> {
    await Promise.all(this.shards.map((s) => s.close()));
  }
}

/** hnswlib's file header (saveIndex): six size_t, two 32-bit ints, four size_t and a double. */
const HNSW_HEADER = 96;

/**
 * Why the hnswlib file `file` is not whole ("N bytes, short of …"), or null when it is. hnswlib
 * writes with a std::ofstream whose errors it never checks: a disk that fills up while a shard is
 * written leaves a short file and reports nothing (5,000 vectors written to a 1 MiB tmpfs: 1,048,576
 * of 2,022,876 bytes, and no error). Such a shard had its size and checksum recorded as it was, and
 * could be committed when the disk had room again for the manifest. The file is walked as saveIndex
 * lays it out: the header, every element's level-0 block, then for each element a 32-bit length
 * and that many bytes of upper-level links; it must end exactly there. Only the header and that
 * last part are read (a few bytes per element).
 */
export function unfinishedShard(file: string): string | null {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const short = (need: number | string) => `${size} bytes, short of ${need}`;
    if (size < HNSW_HEADER) return short(`the ${HNSW_HEADER}-byte header`);
    const header = readAt(fd, 0, HNSW_HEADER);
    const count = Number(header.readBigUInt64LE(16));
    const perElement = Number(header.readBigUInt64LE(24));
    const links = HNSW_HEADER + count * perElement;
    if (size < links + 4 * count)
      return short(`the ${links + 4 * count} bytes its ${count} vectors need at least`);
    const tail = readAt(fd, links, size - links);
    let at = 0;
    for (let i = 0; i < count; i++) {
      if (at + 4 > tail.length) return short(`the links of its ${count} vectors`);
      at += 4 + tail.readUInt32LE(at);
    }
    if (at > tail.length) return short(`the links of its ${count} vectors`);
    return at === tail.length ? null : `${size} bytes, ${tail.length - at} more than its graph`;
  } finally {
    fs.closeSync(fd);
  }
}

/** `length` bytes of the open file `fd` from `position`. */
function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return buf.subarray(0, done);
}
