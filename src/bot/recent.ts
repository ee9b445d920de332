import type { Language } from '../corpus/types.js';
import type { CitationView } from './render.js';

export interface RecentAnswer {
  chatId: number;
  language: Language;
  citations: CitationView[];
}

/**
 * Recent answers kept in memory, to serve "sources" when an answer is not in the log (logging off,
 * or the write failed). Bounded: the least recently used entry goes first.
 */
export class RecentAnswers {
  private readonly items = new Map<number, RecentAnswer>();
  private next = 1;

  constructor(private readonly max = 1000) {}

  add(entry: RecentAnswer): number {
    const id = this.next++;
    this.items.set(id, entry);
    if (this.items.size > this.max) {
      const oldest = this.items.keys().next().value;
      if (oldest !== undefined) this.items.delete(oldest);
    }
    return id;
  }

  /** The answer, only from the chat it was sent to. */
  get(id: number, chatId: number): RecentAnswer | undefined {
    const item = this.items.get(id);
    if (!item || item.chatId !== chatId) return undefined;
    this.items.delete(id);
    this.items.set(id, item);
    return item;
  }
}
