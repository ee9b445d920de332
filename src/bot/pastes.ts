import type { Context, MiddlewareFn } from 'grammy';
import { classify } from './addressing.js';
import { senderKey } from './limits.js';

/**
 * How long after one part of an overlong paste the next may come and still be taken as its part.
 * Telegram's apps send a text over 4,096 characters as several messages, one right after another:
 * they reach the bot within a second.
 */
export const PASTE_WINDOW_MS = 1500;

/** Bounds the pastes whose later parts are still expected (a paste is a few seconds' entry). */
const TAILS_KEPT = 1000;

export interface PasteOptions {
  /**
   * Whether the first part may wait for the next ones (long polling). With a webhook, Telegram
   * sends a chat's next update only once the request that carried the previous one has been
   * answered, and grammY answers it when the handler is done: a part held for the next would only
   * delay its notice, the next part arriving after it anyway. Then the parts that follow a notice
   * are passed over instead.
   */
  hold: boolean;
  windowMs?: number;
}

/**
 * A paste over Telegram's 4,096 characters reaches the bot as several messages. Each part was read
 * as a question of its own: every part over MAX_QUESTION_CHARS got its own "too long" notice, each
 * giving that part's length, and a last part under the limit was answered as if it were a question,
 * half a sentence of an article searched. With `hold`, a question over the limit is therefore held
 * for PASTE_WINDOW_MS: the text messages its sender sends into the same chat (and topic) meanwhile,
 * each starting the window again, are its parts, joined to it, and the whole is read once: one
 * notice, with the whole paste's length. Only a question already over the limit waits (its answer
 * is that notice); any other message goes on at once. Runs before the chat's queue
 * (sequentialize), which would hold the next parts until the first was done.
 *
 * Without `hold` (a webhook), once an overlong question has been read (its notice sent), the
 * sender's text messages in the same chat and topic that follow within the window are its
 * remaining parts: passed over, the notice said for all of them. The paste gets one notice, which
 * gives its first part's length, not the whole's: Telegram delivers the next part only after the
 * first is answered.
 */
export function pastesJoined(maxChars: number, opts: PasteOptions): MiddlewareFn<Context> {
  const windowMs = opts.windowMs ?? PASTE_WINDOW_MS;
  const open = new Map<string, { parts: string[]; last: number }>();
  /** Without `hold`: when each paste's last part was answered or passed over, by chat, topic and sender. */
  const tails = new Map<string, number>();
  const noteTail = (key: string) => {
    tails.delete(key);
    tails.set(key, performance.now());
    for (const [k, at] of tails) {
      if (tails.size <= TAILS_KEPT && performance.now() - at <= windowMs) break;
      tails.delete(k);
    }
  };
  return async (ctx, next) => {
    const msg = ctx.message;
    const sender = senderKey(ctx);
    if (!msg || !ctx.chat || sender === undefined || msg.text === undefined || msg.forward_origin) {
      return next();
    }
    const key = JSON.stringify([ctx.chat.id, msg.message_thread_id ?? null, sender]);
    const paste = open.get(key);
    if (paste) {
      paste.parts.push(msg.text);
      paste.last = performance.now();
      return;
    }
    const tail = tails.get(key);
    if (!opts.hold && tail !== undefined && performance.now() - tail <= windowMs) {
      noteTail(key);
      return;
    }
    const addressed = classify(ctx);
    if (addressed?.kind !== 'question' || [...addressed.text.trim()].length <= maxChars) return next();
    if (opts.hold) {
      const held = { parts: [] as string[], last: performance.now() };
      open.set(key, held);
      try {
        for (let wait = windowMs; wait > 0; wait = held.last + windowMs - performance.now()) {
          await new Promise((resolve) => setTimeout(resolve, wait));
        }
      } finally {
        open.delete(key);
      }
      // Read as the one message it was written as: the first part's entities (its mention) still hold.
      if (held.parts.length > 0) msg.text = [msg.text, ...held.parts].join('\n');
      return next();
    }
    try {
      return await next();
    } finally {
      noteTail(key);
    }
  };
}
