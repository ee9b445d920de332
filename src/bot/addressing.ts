import type { Context } from 'grammy';
import type { Message, MessageEntity, UserFromGetMe } from 'grammy/types';

/** How a question reached the bot: what to say when it turns out empty depends on it. */
export type Via = 'text' | 'command' | 'mention';

/** What a message means for the bot. */
export type Addressed =
  | { kind: 'command'; name: string; rest: string }
  | { kind: 'question'; text: string; via: Via }
  | { kind: 'non-text' }
  | null;

/** The person's message of this update: a new one, or one they edited (answered again). */
export function personMessage(ctx: Context): Message | undefined {
  return ctx.message ?? ctx.editedMessage;
}

/** The message the update's message replies to, when that is one of the bot's own. */
export function repliedToBot(ctx: Context): Message | undefined {
  const replied = personMessage(ctx)?.reply_to_message;
  return replied?.from?.id === ctx.me.id ? replied : undefined;
}

/**
 * What a person can send that is not text: a photo, a voice note, a sticker, a file, a location…
 * (Telegram's own list of what a reply can quote from another chat). Everything else without text
 * is a service message: a pin, a change to the auto-delete timer, a member joining.
 */
const CONTENT = [
  'animation',
  'audio',
  'checklist',
  'contact',
  'dice',
  'document',
  'game',
  'giveaway',
  'giveaway_winners',
  'invoice',
  'live_photo',
  'location',
  'paid_media',
  'photo',
  'poll',
  'sticker',
  'story',
  'venue',
  'video',
  'video_note',
  'voice',
] as const;

/** Whether the person sent something other than text, rather than Telegram reporting an event. */
export function sentContent(msg: Message): boolean {
  const fields = msg as unknown as Record<string, unknown>;
  return CONTENT.some((k) => fields[k] !== undefined);
}

/**
 * A command at the start of `text`, by its bot_command entity as Telegram marks it: its name in
 * lower case (people type /Help, and phones capitalise), the bot it targets, and the text after it.
 */
function commandIn(
  text: string,
  entities: readonly MessageEntity[],
): { name: string; target: string | undefined; rest: string } | null {
  const entity = entities.find((e) => e.type === 'bot_command' && e.offset === 0);
  if (!entity) return null;
  const [name = '', target] = text.slice(1, entity.length).split('@');
  return { name: name.toLowerCase(), target, rest: text.slice(entity.length).trim() };
}

/** Whether `entity` of `text` mentions the bot (by its @username, or as a name linked to it). */
function mentionsMe(text: string, entity: MessageEntity, me: UserFromGetMe): boolean {
  if (entity.type === 'text_mention') return entity.user.id === me.id;
  const named = text.slice(entity.offset, entity.offset + entity.length).toLowerCase();
  return entity.type === 'mention' && named === `@${me.username.toLowerCase()}`;
}

/**
 * `text` without the parts `cut` marks, and without what they leave behind: the comma or colon
 * that set a mention off ("@bot, what happened…", «@bot، ماذا حدث…», "…al-Omar? @bot"), two spaces
 * where one stood in the middle. Left there, ", what happened…" was the question logged and shown
 * above a follow-up's answer.
 */
function without(text: string, cut: readonly MessageEntity[]): string {
  let out = text;
  for (const e of [...cut].sort((a, b) => b.offset - a.offset)) {
    out = out.slice(0, e.offset) + out.slice(e.offset + e.length);
  }
  return out
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/^[\s,،:;؛]+/, '')
    .replace(/[\s,،:;؛]+([?؟!.]*)$/, '$1');
}

/**
 * What `text` (with its `entities`) asks, read as the bot reads a question: without its mentions
 * of the bot, nor a command for it at the start. For a message someone else wrote, replied to with
 * the mention: "@bot what happened at al-Omar?" asked whole was abstained on, the articles saying
 * nothing of «incidentqabot», and "/ask@bot …" was shown above a follow-up's answer as it stood.
 */
export function questionIn(text: string, entities: readonly MessageEntity[], me: UserFromGetMe): string {
  const command = commandIn(text, entities);
  const forMe =
    command && (command.target === undefined || command.target.toLowerCase() === me.username.toLowerCase());
  const cut = entities.filter(
    (e) => (forMe && e.type === 'bot_command' && e.offset === 0) || mentionsMe(text, e, me),
  );
  // A quote keeps no mention entities: its mentions by name are found in its text.
  const name = new RegExp(`@${me.username}(?![A-Za-z0-9_])`, 'gi');
  for (const m of text.matchAll(name)) {
    const inside = (e: MessageEntity) => e.offset <= m.index && m.index < e.offset + e.length;
    if (!cut.some(inside)) cut.push({ type: 'mention', offset: m.index, length: m[0].length });
  }
  return without(text, cut);
}

/**
 * What the person wrote to the bot, whose language a notice follows: a question's text, or what
 * follows a command ("/frobnicate" alone says nothing of it). Nothing for what is not text.
 */
export function writtenText(ctx: Context): string | undefined {
  const addressed = classify(ctx);
  if (addressed?.kind === 'question') return addressed.text;
  if (addressed?.kind === 'command') return addressed.rest;
  return undefined;
}

/**
 * Private chats: every message is for the bot. Groups: only a command (for this bot), a message
 * mentioning it or a reply to one of its messages. The mention is removed from the question in
 * either ("@bot what happened…" in a private chat too). A photo's or document's caption is read as
 * the question, or the command, it carries. A service message is for no one.
 */
export function classify(ctx: Context): Addressed {
  const msg = personMessage(ctx);
  const chat = ctx.chat;
  if (!msg || !chat || chat.type === 'channel') return null;
  // A channel's post copied into its discussion group by Telegram asks nothing, even when it names
  // the bot ("ask @bot about…"): answered, the bot replied to the post under every such mention.
  if (msg.is_automatic_forward) return null;
  // Nor does a message someone forwards into a group: its mention or command was written by its
  // author to others, not to the bot by the person forwarding it. (A reply to it with the mention
  // asks about it; in a private chat, anything forwarded to the bot is a question.)
  if (msg.forward_origin && chat.type !== 'private') return null;
  const me = ctx.me;
  const text = msg.text ?? msg.caption;
  if (text === undefined) {
    // A service message (the person pinned an answer, set the auto-delete timer) asks nothing: the
    // notice that only text is read answered it as if they had sent a photo.
    if (!sentContent(msg)) return null;
    return chat.type === 'private' || repliedToBot(ctx) ? { kind: 'non-text' } : null;
  }
  const entities = (msg.text !== undefined ? msg.entities : msg.caption_entities) ?? [];
  const command = commandIn(text, entities);
  if (command) {
    const forMe = command.target === undefined || command.target.toLowerCase() === me.username.toLowerCase();
    if (chat.type !== 'private' && !forMe) return null;
    return { kind: 'command', name: command.name, rest: command.rest };
  }
  const mentions = entities.filter((e) => mentionsMe(text, e, me));
  if (mentions.length > 0) return { kind: 'question', text: without(text, mentions), via: 'mention' };
  if (chat.type === 'private') return { kind: 'question', text, via: 'text' };
  // In a group, a reply to the bot's answer that opens by naming someone else ("@sara see, it was
  // Green Village") is said to them, under the answer: it had been searched, and answered there.
  if (repliedToBot(ctx) && !opensWithOtherMention(text, entities))
    return { kind: 'question', text, via: 'text' };
  return null;
}

/** Whether `text` opens with a mention of someone (the bot's own mentions are handled before). */
function opensWithOtherMention(text: string, entities: readonly MessageEntity[]): boolean {
  const start = text.length - text.trimStart().length;
  return entities.some((e) => (e.type === 'mention' || e.type === 'text_mention') && e.offset === start);
}
