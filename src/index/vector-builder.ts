import { Worker } from 'node:worker_threads';

/** What the graph's thread starts from: a previous generation's file, or an empty graph. */
export interface VectorWorkerData {
  dimension: number;
  previousFile: string | null;
  m: number;
  efConstruction: number;
  /** Deleted slots in the previous graph, reused before it grows. */
  deleted: number;
}

export type VectorCommand =
  | { kind: 'add'; labels: number[]; vectors: Float32Array }
  | { kind: 'remove'; labels: number[] }
  | { kind: 'write'; file: string };

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
 * Builds a generation's HNSW graph on a worker thread. Calls are queued in order; `add` returns
 * once the queue is short enough, so a fast producer cannot fill memory with waiting vectors.
 * The first failure on the thread is reported by the next call (and by `write`).
 */
export class VectorBuilder {
  private readonly worker: Worker;
  private started = false;
  private inFlight = 0;
  private written: WriteResult | null = null;
  private failure: Error | null = null;
  private closed = false;
  private waiters: (() => void)[] = [];
  private readonly dimension: number;

  constructor(data: VectorWorkerData) {
    this.dimension = data.dimension;
    this.worker = new Worker(WORKER_URL, { workerData: data });
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
    this.worker.on('exit', (code) => {
      if (!this.closed) this.failure ??= new Error(`the vector index thread stopped (exit code ${code})`);
      this.wake();
    });
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

  /** Waits for every queued insertion, then writes the graph to `file`. */
  async write(file: string): Promise<WriteResult> {
    this.written = null;
    this.worker.postMessage({ kind: 'write', file } satisfies VectorCommand);
    await this.until(() => this.written !== null);
    return this.written!;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.worker.terminate();
  }
}

export interface WriteResult {
  capacity: number;
  deleted: number;
  count: number;
}
