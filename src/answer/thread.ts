import { Worker } from 'node:worker_threads';
import type { Config } from '../config.js';
import { locateGeneration, readManifest } from '../index/manifest.js';
import { untilStopped } from '../index/thread-stop.js';
import { ThreadReplies } from '../thread-replies.js';
import { openQA, type OpenQAOptions } from './index.js';
import type { Answer, AnswerOptions, ArticleSummary, CorpusInfo, QA } from './types.js';

/** What the answering thread is started with: everything `openQA` takes that crosses threads. */
export interface AnswerThreadData {
  config: Config;
  open: Omit<OpenQAOptions, 'onProgress'>;
}

/** An error as it crosses threads: its name (IndexError) and stack are kept. */
export interface ThreadError {
  name: string;
  message: string;
  stack?: string;
}

export type AnswerThreadCommand =
  { kind: 'answer'; id: number; question: string; opts?: AnswerOptions } | { kind: 'close' };

export type AnswerThreadReply =
  | { kind: 'progress'; line: string }
  | { kind: 'ready'; info: CorpusInfo; articles: ArticleSummary[] }
  | { kind: 'not-opened'; error: ThreadError }
  | { kind: 'answered'; id: number; answer: Answer }
  | { kind: 'failed'; id: number; error: ThreadError };

export function toThreadError(err: unknown): ThreadError {
  if (err instanceof Error)
    return { name: err.name, message: err.message, ...(err.stack ? { stack: err.stack } : {}) };
  return { name: 'Error', message: String(err) };
}

function fromThreadError(e: ThreadError): Error {
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}

// Plain JavaScript that gives the thread tsx's loader, then loads thread-worker.ts.
const ENTRY = new URL('./thread-entry.mjs', import.meta.url);

export interface AnswerThreadOptions extends OpenQAOptions {
  /** The thread's module; tests give one that misbehaves on purpose. */
  entry?: URL;
}

/**
 * The question-answering core on a thread of its own. Answering is the bot's one heavy task: on a
 * large index (about 14 ms an answer on all of ANT), people asking at once on the bot's thread
 * make every reply, button and command wait behind the answers queued. Here the bot's thread only
 * receives updates, logs and sends, while this thread answers (see THREAD_FROM).
 *
 * `info()` and `listArticles()` are the index's, read once as the thread opens it. If the thread
 * stops unexpectedly, the answers it owed fail, and the next question starts a new one.
 */
export class AnswerThread implements QA {
  private worker: Worker | null = null;
  private exited: Promise<void> = Promise.resolve();
  private starting: Promise<void> | null = null;
  private closed = false;
  // Once closing, the thread keeps the process alive until it has stopped (see close()).
  private readonly replies = new ThreadReplies<Answer>((held) => {
    if (held) this.worker?.ref();
    else if (!this.closed) this.worker?.unref();
  });
  private corpus!: CorpusInfo;
  private articles: ArticleSummary[] = [];

  private constructor(
    private readonly config: Config,
    private readonly opts: AnswerThreadOptions,
  ) {}

  /** Starts the thread and waits until its index is open (built first, on a first start). */
  static async open(config: Config, opts: AnswerThreadOptions = {}): Promise<AnswerThread> {
    const thread = new AnswerThread(config, opts);
    await thread.start();
    return thread;
  }

  private start(): Promise<void> {
    const { entry = ENTRY, onProgress, ...open } = this.opts;
    const worker = new Worker(entry, {
      workerData: { config: this.config, open } satisfies AnswerThreadData,
    });
    this.worker = worker;
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    const started = new Promise<void>((resolve, reject) => {
      worker.on('message', (m: AnswerThreadReply) => {
        switch (m.kind) {
          case 'progress':
            onProgress?.(m.line);
            return;
          case 'ready':
            this.corpus = m.info;
            this.articles = m.articles;
            if (!this.replies.size) worker.unref();
            resolve();
            return;
          case 'not-opened':
            reject(fromThreadError(m.error));
            return;
          case 'answered':
            this.replies.resolve(m.id, m.answer);
            return;
          case 'failed':
            this.replies.reject(m.id, fromThreadError(m.error));
        }
      });
      // An error the thread did not catch ends it: the answers it owed fail with that error.
      let uncaught: Error | undefined;
      worker.on('error', (err) => {
        uncaught = err;
        reject(err);
      });
      worker.once('exit', (code) => {
        if (this.worker === worker) this.worker = null;
        const err = new Error(
          `the answering thread stopped (exit code ${code})${uncaught ? `: ${uncaught.message}` : ''}`,
        );
        reject(err);
        this.replies.rejectAll(err);
      });
    });
    return started;
  }

  async answer(question: string, opts?: AnswerOptions): Promise<Answer> {
    if (this.closed) throw new Error('the question-answering core is closed');
    if (!this.worker) {
      this.starting ??= this.start().finally(() => (this.starting = null));
      await this.starting;
    }
    const worker = this.worker;
    if (!worker) throw new Error('the answering thread stopped');
    return this.replies.request((id) =>
      worker.postMessage({
        kind: 'answer',
        id,
        question,
        ...(opts ? { opts } : {}),
      } satisfies AnswerThreadCommand),
    );
  }

  info(): CorpusInfo {
    return this.corpus;
  }

  listArticles(limit?: number): ArticleSummary[] {
    return this.articles.slice(0, limit);
  }

  /** The answering thread's event loop use since `since`, for benchmarks. */
  eventLoopUtilization(since?: ReturnType<Worker['performance']['eventLoopUtilization']>) {
    return this.worker?.performance.eventLoopUtilization(since);
  }

  /** Lets the answers in flight finish, closes the index and waits for the thread to stop. */
  async close(): Promise<void> {
    if (this.closed) return this.exited;
    this.closed = true;
    const worker = this.worker;
    if (!worker) return;
    worker.ref();
    worker.postMessage({ kind: 'close' } satisfies AnswerThreadCommand);
    await untilStopped(worker, this.exited);
  }
}

export type AnsweringOptions = Pick<OpenQAOptions, 'onProgress'>;

/**
 * From this many passages, ANSWER_THREAD=auto answers on a thread of its own. On the seed index
 * (88 passages) an answer takes about 2 ms, less than handing it to a thread costs on two cores:
 * `npm run bench:bot`'s p95, eight runs each in turn, was 149–202 ms on the bot's thread against
 * 184–264 ms on a thread of its own. On the index of all of ANT (219,742 passages) an answer takes
 * about 14 ms, and on the bot's thread every reply, button and command waits behind the answers
 * queued: p95 952 / 1001 ms against 946 / 863 ms, the bot's thread 14–16 ms busy per update
 * against 2.
 */
export const THREAD_FROM = 5_000;

/** Whether to answer on a thread of its own, by the setting and the index's size. */
export function answersOnThread(setting: Config['ANSWER_THREAD'], passages: number): boolean {
  return setting === 'auto' ? passages >= THREAD_FROM : setting;
}

/** Passages in the index in `indexDir` by its manifest; 0 with none (openQA reports a damaged one). */
export function indexedPassages(indexDir: string): number {
  try {
    // The generation opening will answer from, also when CURRENT is lost (see locateGeneration);
    // opening verifies its files, so they are not read here too.
    const generation = locateGeneration(indexDir, { verify: false })?.dir;
    return generation ? readManifest(generation).counts.passages : 0;
  } catch {
    return 0;
  }
}

/**
 * The bot's question-answering core as configured (ANSWER_THREAD): on a thread of its own, or on
 * the calling thread. A first index, built at start from the articles folder, is answered on the
 * calling thread until the next start.
 */
export function openAnswering(config: Config, opts: AnsweringOptions = {}): Promise<QA> {
  return answersOnThread(config.ANSWER_THREAD, indexedPassages(config.INDEX_DIR))
    ? AnswerThread.open(config, opts)
    : openQA(config, opts);
}
