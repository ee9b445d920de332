import fs from 'node:fs';
import type { Bot, Transformer } from 'grammy';
import type { Message, MessageEntity, Update, UserFromGetMe } from 'grammy/types';
import type { QA } from '../../src/answer/types.js';
import { createBot, type Logger } from '../../src/bot/index.js';
import { loadConfig, type Config } from '../../src/config.js';
import { AnswerLog } from '../../src/log/index.js';
import { createFakeQA } from './fake-qa.js';
import { tmpDir } from '../helpers/tmp.js';

export const BOT_INFO: UserFromGetMe = {
  id: 4242,
  is_bot: true,
  first_name: 'Incident QA',
  username: 'IncidentQABot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

export interface ApiCall {
  method: string;
  payload: Record<string, unknown>;
  at: number;
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  msg: string;
  fields?: Record<string, unknown>;
}

export function captureLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (msg, fields) => lines.push({ level: 'info', msg, fields }),
    warn: (msg, fields) => lines.push({ level: 'warn', msg, fields }),
    error: (msg, fields) => lines.push({ level: 'error', msg, fields }),
  };
}

export function tempDir(): string {
  return tmpDir('bot-test-');
}

export function testConfig(dir: string, env: Record<string, string> = {}): Config {
  return loadConfig({ TELEGRAM_BOT_TOKEN: '123456:TEST-TOKEN', STATE_DIR: dir, ...env });
}

export interface Harness {
  bot: Bot;
  calls: ApiCall[];
  logger: ReturnType<typeof captureLogger>;
  log: AnswerLog | null;
  qa: QA;
  config: Config;
  dir: string;
  /** sendMessage calls, optionally for one chat. */
  sent(chatId?: number): ApiCall[];
  answers(): ApiCall[];
  /** Stop and start again: a new bot (empty memory) and the log reopened, calls still recorded. */
  restart(): void;
  close(): void;
}

export interface HarnessOptions {
  qa?: QA;
  withLog?: boolean;
  env?: Record<string, string>;
  now?: () => number;
  logNow?: () => Date;
  /** Methods whose calls fail with a Telegram error (`failure`, else a 400). */
  failing?: string[];
  failure?: { error_code: number; description: string };
  /** How many calls of the `failing` methods succeed before they start failing (0 unless given). */
  failAfter?: number;
  /** getChatMember's answer: the person's status in the chat ('member' unless given). */
  memberStatus?: (chatId: number, userId: number) => string;
}

/** A bot wired to an API transformer that records every call and answers like Telegram would. */
export function harness(opts: HarnessOptions = {}): Harness {
  const dir = tempDir();
  const config = testConfig(dir, opts.env);
  const qa = opts.qa ?? createFakeQA();
  const openLog = () =>
    opts.withLog === false
      ? null
      : new AnswerLog({
          file: config.LOG_DB,
          stateDir: dir,
          hmacSecret: 'test-secret-0123456789',
          now: opts.logNow,
        });
  const logger = captureLogger();
  const calls: ApiCall[] = [];
  let messageId = 1000;
  let failable = 0;
  const start = (log: AnswerLog | null) => {
    const bot = createBot({ qa, log, config, botInfo: BOT_INFO, logger, now: opts.now });
    bot.api.config.use(record);
    return bot;
  };
  const record: Transformer = async (_prev, method, payload) => {
    const p = (payload ?? {}) as Record<string, unknown>;
    calls.push({ method, payload: p, at: performance.now() });
    if (opts.failing?.includes(method) && ++failable > (opts.failAfter ?? 0)) {
      const failure = opts.failure ?? { error_code: 400, description: `Bad Request: ${method} failed` };
      return { ok: false, ...failure } as never;
    }
    if (method === 'getChatMember') {
      const userId = Number(p.user_id);
      const status = opts.memberStatus?.(Number(p.chat_id), userId) ?? 'member';
      return {
        ok: true,
        result: { status, user: { id: userId, is_bot: false, first_name: 'Person' } },
      } as never;
    }
    if (method === 'sendMessage') {
      const result: Message.TextMessage = {
        message_id: ++messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: Number(p.chat_id), type: 'private', first_name: 'Person' },
        from: BOT_INFO,
        text: String(p.text),
      };
      return { ok: true, result } as never;
    }
    return { ok: true, result: true } as never;
  };
  const log = openLog();
  const h: Harness = {
    bot: start(log),
    calls,
    logger,
    log,
    qa,
    config,
    dir,
    sent: (chatId) =>
      calls.filter(
        (c) => c.method === 'sendMessage' && (chatId === undefined || c.payload.chat_id === chatId),
      ),
    answers: () => calls.filter((c) => c.method === 'answerCallbackQuery'),
    restart() {
      h.log?.close();
      h.log = openLog();
      h.bot = start(h.log);
    },
    close() {
      h.log?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

// ---------- updates ----------

let updateId = 1;
let userMessageId = 1;

export interface Person {
  id: number;
  language_code?: string;
  first_name?: string;
}

export const PRIVATE = (person: Person) => ({
  id: person.id,
  type: 'private' as const,
  first_name: 'Person',
});
export const GROUP = { id: -100777, type: 'supergroup' as const, title: 'Deir ez-Zor watchers' };

type Chat = ReturnType<typeof PRIVATE> | typeof GROUP;

/**
 * A message's sender fields as Telegram sends them for an anonymous admin of `group`: from
 * GroupAnonymousBot, as the group itself. (A button press is never anonymous: it has the admin's id.)
 */
export const anonymousAdmin = (group: typeof GROUP) => ({
  from: { id: 1087968824, is_bot: true, first_name: 'Group', username: 'GroupAnonymousBot' },
  sender_chat: group,
});

/** … and for a message sent on behalf of the channel `id`: from Channel_Bot, as the channel. */
export const asChannel = (id: number) => ({
  from: { id: 136817688, is_bot: true, first_name: 'Channel', username: 'Channel_Bot' },
  sender_chat: { id, type: 'channel' as const, title: `Channel ${id}` },
});

export function messageUpdate(
  person: Person,
  chat: Chat,
  fields: Partial<Message> & Record<string, unknown>,
): Update {
  return {
    update_id: updateId++,
    message: {
      message_id: userMessageId++,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: { is_bot: false, first_name: person.first_name ?? 'Person', ...person },
      ...fields,
    } as never,
  };
}

/** The entities Telegram marks in `text`: a leading /command, else the bot's mention. */
function entitiesOf(text: string): MessageEntity[] {
  const cmd = /^\/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?/.exec(text);
  if (cmd) return [{ type: 'bot_command', offset: 0, length: cmd[0].length }];
  const mention = /@IncidentQABot/i.exec(text);
  return mention ? [{ type: 'mention', offset: mention.index, length: mention[0].length }] : [];
}

/** A text message; a leading /command gets its bot_command entity like Telegram adds. */
export function textUpdate(person: Person, chat: Chat, text: string, extra: Partial<Message> = {}): Update {
  const entities = entitiesOf(text);
  return messageUpdate(person, chat, { text, ...(entities.length ? { entities } : {}), ...extra });
}

/** The same message, as Telegram sends it when the person edits it to `text`. */
export function editedUpdate(original: Update, text: string): Update {
  const { entities: _, ...message } = original.message as Message.TextMessage;
  const entities = entitiesOf(text);
  return {
    update_id: updateId++,
    edited_message: {
      ...message,
      text,
      ...(entities.length ? { entities } : {}),
      edit_date: Math.floor(Date.now() / 1000),
    } as never,
  };
}

/** The fields of a message that replies to the bot's message `messageId` in `chat`. */
export function replyToBot(chat: Chat, messageId: number): Partial<Message> {
  return {
    reply_to_message: { message_id: messageId, date: 0, chat, from: BOT_INFO, text: 'an answer' } as never,
  };
}

export function callbackUpdate(person: Person, chat: Chat, data: string, messageId = 1001): Update {
  return {
    update_id: updateId++,
    callback_query: {
      id: `cb-${updateId}`,
      from: { is_bot: false, first_name: 'Person', ...person },
      chat_instance: 'ci',
      data,
      message: {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat,
        from: BOT_INFO,
        text: 'answer',
      } as never,
    },
  };
}

// ---------- reading what was sent ----------

const BIDI = /[\u200E\u200F\u2066-\u2069]/g;

/** What a person sees for an HTML message: tags removed, entities decoded, bidi marks dropped. */
export function visible(html: string): string {
  return html
    .replace(/<\/?(?:b|i|blockquote|a)(?:\s[^>]*)?>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .replace(BIDI, '');
}

export function textOf(call: ApiCall | undefined): string {
  return visible(String(call?.payload.text ?? ''));
}

export function buttons(call: ApiCall | undefined): { text: string; callback_data?: string }[] {
  const markup = call?.payload.reply_markup as
    { inline_keyboard?: { text: string; callback_data?: string }[][] } | undefined;
  return markup?.inline_keyboard?.flat() ?? [];
}
