import type { Context } from 'grammy';
import type { Message } from 'grammy/types';

/** What a message means for the bot. */
export type Addressed =
  { kind: 'command' } | { kind: 'question'; text: string } | { kind: 'non-text' } | null;

/** The message the update's message replies to, when that is one of the bot's own. */
export function repliedToBot(ctx: Context): Message | undefined {
  const replied = ctx.message?.reply_to_message;
  return replied?.from?.id === ctx.me.id ? replied : undefined;
}

/**
 * Private chats: every message is for the bot. Groups: only a command (for this bot), a message
 * mentioning it (the mention is removed from the question) or a reply to one of its messages.
 */
export function classify(ctx: Context): Addressed {
  const msg = ctx.message;
  const chat = ctx.chat;
  if (!msg || !chat || chat.type === 'channel') return null;
  const me = ctx.me;
  const text = msg.text;
  const entities = msg.entities ?? [];
  const command = text !== undefined && entities.some((e) => e.type === 'bot_command' && e.offset === 0);

  if (chat.type === 'private') {
    if (text === undefined) return { kind: 'non-text' };
    return command ? { kind: 'command' } : { kind: 'question', text };
  }

  if (command) {
    const at = text.split(/\s/, 1)[0]?.split('@')[1];
    return at === undefined || at.toLowerCase() === me.username.toLowerCase() ? { kind: 'command' } : null;
  }
  if (text !== undefined) {
    const mention = entities.find(
      (e) =>
        (e.type === 'mention' &&
          text.slice(e.offset, e.offset + e.length).toLowerCase() === `@${me.username.toLowerCase()}`) ||
        (e.type === 'text_mention' && e.user.id === me.id),
    );
    if (mention) {
      return {
        kind: 'question',
        text: text.slice(0, mention.offset) + text.slice(mention.offset + mention.length),
      };
    }
  }
  if (repliedToBot(ctx)) {
    return text === undefined ? { kind: 'non-text' } : { kind: 'question', text };
  }
  return null;
}
