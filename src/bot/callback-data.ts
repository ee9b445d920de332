import { InlineKeyboard } from 'grammy';
import type { Language } from '../corpus/types.js';
import { messages } from './i18n.js';

/**
 * Button payloads: `fb:up:<answerId>`, `fb:down:<answerId>`, `src:<answerId>` for logged answers,
 * `src:m<n>` for answers only kept in memory. Anything else is rejected.
 */
export type CallbackData =
  { action: 'up' | 'down'; id: number } | { action: 'src'; store: 'log' | 'memory'; id: number };

const PATTERN = /^(?:fb:(up|down):([1-9][0-9]{0,14})|src:(m?)([1-9][0-9]{0,14}))$/;

export function parseCallbackData(data: string): CallbackData | null {
  const m = PATTERN.exec(data);
  if (!m) return null;
  if (m[1] === 'up' || m[1] === 'down') return { action: m[1], id: Number(m[2]) };
  return { action: 'src', store: m[3] === 'm' ? 'memory' : 'log', id: Number(m[4]) };
}

/** Logged answers get 👍 👎 and "sources"; answers not in the log only "sources". */
export function answerKeyboard(
  ref: { store: 'log' | 'memory'; id: number },
  lang: Language,
  hasCitations: boolean,
): InlineKeyboard | undefined {
  const t = messages(lang).button;
  const kb = new InlineKeyboard();
  if (ref.store === 'log') kb.text(t.up, `fb:up:${ref.id}`).text(t.down, `fb:down:${ref.id}`);
  if (hasCitations) kb.text(t.sources, ref.store === 'log' ? `src:${ref.id}` : `src:m${ref.id}`);
  return kb.inline_keyboard.flat().length > 0 ? kb : undefined;
}
