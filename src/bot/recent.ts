import crypto from 'node:crypto';
import type { Language } from '../corpus/types.js';
import type { CitationView } from './render.js';

export interface RecentAnswer {
  chatId: number;
  language: Language;
  citations: CitationView[];
  /** What the answer was asked, and the question it followed up on: for replies to its passages. */
  question: string;
  follows?: string;
}

/** Sets `key` as the newest entry of `items`, dropping the oldest when there are more than `max`. */
function setNewest<K, V>(items: Map<K, V>, key: K, value: V, max: number): void {
  items.delete(key);
  items.set(key, value);
  if (items.size > max) {
    const oldest = items.keys().next().value;
    if (oldest !== undefined) items.delete(oldest);
  }
}

/**
 * Recent answers kept in memory, to serve "sources" when an answer is not in the log (logging off,
 * or the write failed). Bounded: the least recently used entry goes first.
 */
export class RecentAnswers {
  private readonly items = new Map<number, RecentAnswer>();
  /**
   * Numbered from a random start, not 1: a button from before a restart must not find another answer
   * under its number (it showed a later answer's passages). Two runs' numbers meet with a chance of
   * about answers/2^40.
   */
  private next = crypto.randomInt(1, 2 ** 40);

  constructor(private readonly max = 1000) {}

  add(entry: RecentAnswer): number {
    const id = this.next++;
    setNewest(this.items, id, entry, this.max);
    return id;
  }

  /** The answer, only from the chat it was sent to. */
  get(id: number, chatId: number): RecentAnswer | undefined {
    const item = this.items.get(id);
    if (!item || item.chatId !== chatId) return undefined;
    setNewest(this.items, id, item, this.max);
    return item;
  }
}

/**
 * The questions the bot's recent answers went out for, by chat and message, so that a reply to
 * an answer is read as a follow-up of its question ("and when was that?"). A follow-up's answer
 * keeps both questions, so a reply to it still knows what the conversation is about. Bounded,
 * oldest out, and in memory: the answer log keeps the same links across restarts (see the bot's
 * questions handler), this serves when logging is off or its write failed. Also what each of the
 * people's recent messages asked, so that an edit that does not change it is not answered again
 * (after a restart, the answer log knows what the answered ones asked: see editsOnce).
 */
export class RecentQuestions {
  private readonly items = new Map<string, string>();
  private readonly people = new Map<string, string>();

  /** `maxChars`: how much of a conversation's questions a follow-up carries, newest first. */
  constructor(
    readonly maxChars: number,
    private readonly max = 5000,
  ) {}

  /** What a follow-up of `question` (itself following `follows`, if any) carries over. */
  context(question: string, follows?: string | null): string {
    return (follows ? `${question}\n${follows}` : question).slice(0, this.maxChars);
  }

  /** Remembers the question (and the one it followed, if any) for each message of its answer. */
  add(chatId: number, messageIds: readonly number[], question: string, follows?: string): void {
    const context = this.context(question, follows);
    for (const id of messageIds) setNewest(this.items, `${chatId}:${id}`, context, this.max);
  }

  /** What the answer sent as `messageId` in the chat was asked with, if still known. */
  get(chatId: number, messageId: number): string | undefined {
    return this.items.get(`${chatId}:${messageId}`);
  }

  /** Remembers what the person's message `messageId` in the chat asked (the text as it was read). */
  notePersonAsked(chatId: number, messageId: number, asked: string): void {
    setNewest(this.people, `${chatId}:${messageId}`, asked, this.max);
  }

  /** What the person's message `messageId` in the chat asked when last read, if still known. */
  personAsked(chatId: number, messageId: number): string | undefined {
    return this.people.get(`${chatId}:${messageId}`);
  }
}

/**
 * What was done lately, by key, within a window: the cited passages sent for an answer message, so
 * that a second press of its "sources" button (a double tap, two people in a group) does not post
 * them again. Bounded, oldest out.
 */
export class RecentlyDone {
  private readonly items = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly max = 5000,
  ) {}

  /** Whether `key` was done within the window. */
  has(key: string): boolean {
    const at = this.items.get(key);
    return at !== undefined && this.now() - at < this.windowMs;
  }

  /** Notes `key` as done now. */
  add(key: string): void {
    setNewest(this.items, key, this.now(), this.max);
  }
}

/**
 * The questions answered lately, by who asked what where (see questions' `ask`), each with the
 * first message of its answer, within a window. Bounded, oldest out.
 */
export class RecentlyAnswered {
  private readonly items = new Map<string, { at: number; messageId: number; told: boolean }>();

  constructor(
    private readonly windowMs: number,
    private readonly now: () => number,
    private readonly max = 5000,
  ) {}

  /**
   * The message that answered `key` within the window, and whether the person has been pointed to
   * it since (`told`); undefined when it was not answered lately.
   */
  get(key: string): { messageId: number; told: boolean } | undefined {
    const item = this.items.get(key);
    return item && this.now() - item.at < this.windowMs ? item : undefined;
  }

  /** Notes that `key` was answered now, by the message `messageId` (first of its answer). */
  add(key: string, messageId: number): void {
    setNewest(this.items, key, { at: this.now(), messageId, told: false }, this.max);
  }
}
