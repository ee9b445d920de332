import type { UserFromGetMe } from 'grammy/types';
import type { QA } from '../answer/types.js';
import type { Config } from '../config.js';
import type { AnswerLog } from '../log/index.js';
import type { RateLimiter } from './limiter.js';
import type { RecentAnswers, RecentlyAnswered, RecentlyDone, RecentQuestions } from './recent.js';

export type LogFields = Record<string, unknown>;

export interface Logger {
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export interface BotDeps {
  qa: QA;
  /** null: answers are not logged; feedback buttons are then not offered. */
  log: AnswerLog | null;
  config: Config;
  /** Known bot identity (tests, or to skip getMe at start). */
  botInfo?: UserFromGetMe;
  logger?: Logger;
  /** Clock in ms, injectable for tests of the rate limit. */
  now?: () => number;
}

/** What the handlers share; built once per bot from its deps. */
export interface Services {
  qa: QA;
  log: AnswerLog | null;
  config: Config;
  logger: Logger;
  /** Questions that are searched, per person: RATE_LIMIT_PER_MINUTE. */
  limiter: RateLimiter;
  /** Every message addressed to the bot, per person: a looser limit against floods. */
  floodLimiter: RateLimiter;
  recent: RecentAnswers;
  /** What recent answers were asked, for replies to them (follow-ups). */
  asked: RecentQuestions;
  /** Answer messages whose cited passages were sent just now, by chat and message. */
  passagesSent: RecentlyDone;
  /** Questions answered lately, by chat, asker, question and what it follows (see `ask`). */
  answered: RecentlyAnswered;
  /** Groups just told how to ask the bot there, by chat (see joinedGroup). */
  joined: RecentlyDone;
  /** Albums whose first item was read, by chat and media group (see albumsOnce). */
  albums: RecentlyDone;
  /** Supergroups that were groups: the group's chat id, by the supergroup's (see chatMigrations). */
  migratedFrom: Map<number, number>;
  /** The bot's clock, in ms (BotDeps.now). */
  now: () => number;
}

/** JSON-lines logger on stderr; any `redact` string (the bot token) is never printed. */
export function createConsoleLogger(opts: { redact?: string[] } = {}): Logger {
  const redact = (opts.redact ?? []).filter((s) => s !== '');
  const write = (level: string, msg: string, fields?: LogFields) => {
    const record: LogFields = { time: new Date().toISOString(), level, msg };
    for (const [k, v] of Object.entries(fields ?? {})) {
      record[k] = v instanceof Error ? { name: v.name, message: v.message, stack: v.stack } : v;
    }
    let line = JSON.stringify(record);
    for (const secret of redact) line = line.split(secret).join('[redacted]');
    console.error(line);
  };
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
