import path from 'node:path';
import { currentGeneration } from '../index/manifest.js';
import type { Answer, AnswerOptions, ArticleSummary, CorpusInfo, QA } from './types.js';

export interface ReloadOptions {
  /** The index folder whose CURRENT is watched. */
  indexDir: string;
  /** Opens the generation CURRENT names (the first time, and after each change). */
  open: () => Promise<QA>;
  /** How often CURRENT is read; 0 never (the index is the one opened at start). */
  intervalMs: number;
  /** A newer generation now answers. */
  onReload?: (info: CorpusInfo, previous: CorpusInfo) => void;
  /** A newer generation could not be opened (the one open keeps answering), or an old one closed. */
  onError?: (err: unknown, generation: string) => void;
}

interface Slot {
  qa: QA;
  /** Answers it is computing; a replaced slot is closed once they are done. */
  inFlight: number;
  retired: boolean;
  closed?: Promise<void>;
}

/** The generation CURRENT names, or null when there is none or it is damaged (ingestion repairs it). */
function currentName(indexDir: string): string | null {
  try {
    const dir = currentGeneration(indexDir);
    return dir && path.basename(dir);
  } catch {
    return null;
  }
}

/**
 * The question-answering core of the index generation that CURRENT names, replaced by the next
 * one when an ingestion commits it, so that a maintainer's `npm run ingest` reaches the running
 * bot without a restart. The new generation is opened beside the old (both in memory for a
 * moment); answers started on the old one finish on it, then it is closed. A generation that
 * cannot be opened is reported once and the old one keeps answering.
 */
export class ReloadingQA implements QA {
  private slot: Slot;
  /** Replaced slots not yet closed (answers of theirs still running). */
  private readonly retiring = new Set<Slot>();
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<boolean> | null = null;
  private failed: string | null = null;
  private closing = false;

  private constructor(
    qa: QA,
    private readonly opts: ReloadOptions,
  ) {
    this.slot = { qa, inFlight: 0, retired: false };
  }

  static async open(opts: ReloadOptions): Promise<ReloadingQA> {
    const reloading = new ReloadingQA(await opts.open(), opts);
    if (opts.intervalMs > 0) {
      reloading.timer = setInterval(() => void reloading.check(), opts.intervalMs);
      reloading.timer.unref();
    }
    return reloading;
  }

  /**
   * Opens the generation CURRENT names if it is not the one answering; resolves true when it
   * now answers. Checks do not overlap: a second call waits for the first.
   */
  check(): Promise<boolean> {
    this.checking ??= this.reload().finally(() => (this.checking = null));
    return this.checking;
  }

  private async reload(): Promise<boolean> {
    const name = currentName(this.opts.indexDir);
    if (!name || this.closing || name === this.slot.qa.info().indexVersion || name === this.failed) {
      return false;
    }
    let qa: QA;
    try {
      qa = await this.opts.open();
    } catch (err) {
      this.failed = name;
      this.opts.onError?.(err, name);
      return false;
    }
    if (this.closing) {
      await qa.close();
      return false;
    }
    const old = this.slot;
    this.slot = { qa, inFlight: 0, retired: false };
    this.failed = null;
    this.opts.onReload?.(qa.info(), old.qa.info());
    this.retire(old);
    return true;
  }

  private retire(slot: Slot): void {
    slot.retired = true;
    this.retiring.add(slot);
    if (slot.inFlight === 0) {
      this.closeSlot(slot).catch((err: unknown) => this.opts.onError?.(err, slot.qa.info().indexVersion));
    }
  }

  private closeSlot(slot: Slot): Promise<void> {
    this.retiring.delete(slot);
    return (slot.closed ??= slot.qa.close());
  }

  async answer(question: string, opts?: AnswerOptions): Promise<Answer> {
    const slot = this.slot;
    slot.inFlight++;
    try {
      return await slot.qa.answer(question, opts);
    } finally {
      slot.inFlight--;
      if (slot.retired) this.retire(slot);
    }
  }

  info(): CorpusInfo {
    return this.slot.qa.info();
  }

  listArticles(limit?: number): ArticleSummary[] {
    return this.slot.qa.listArticles(limit);
  }

  /** Stops watching, lets a reload in progress end, and closes the generation answering. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checking;
    // The bot stops taking updates before it closes this: no answer is left running.
    await Promise.all([this.slot, ...this.retiring].map((slot) => this.closeSlot(slot)));
  }
}
