import { isCourtesyOnly } from '../text/index.js';

/**
 * A greeting, thanks or farewell on its own ("مرحبا", "ok thanks"), or a message without a letter
 * or digit ("👍", "???"): searched as questions they found passages (مرحبا shares its letters with
 * الرحبة, the Rahba castle) or abstentions with rating buttons. They get the bot's introduction
 * instead. The bot's name is left aside.
 */
export function isSmallTalk(text: string): boolean {
  const own = text.replace(/@\w+/g, ' ');
  return isCourtesyOnly(own) || !/[\p{L}\p{N}]/u.test(own);
}
