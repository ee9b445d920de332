import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { run } from '@grammyjs/runner';
import { webhookCallback, type Bot } from 'grammy';
import type { Config } from '../config.js';
import type { AnswerLog } from '../log/index.js';
import { COMMAND_MENU } from './commands.js';
import type { Logger } from './deps.js';
import { messages } from './i18n.js';
import { answerPending, PENDING_WEBHOOK_GRACE_MS } from './pending.js';

/** A running bot; `stop` returns once in-flight updates are answered. */
export interface Running {
  stop(): Promise<void>;
}

/** Settings the chosen mode needs, each problem naming its setting; empty when all is well. */
export function botSettingProblems(config: Config): string[] {
  const problems: string[] = [];
  if (!config.TELEGRAM_BOT_TOKEN) {
    problems.push(
      'TELEGRAM_BOT_TOKEN is not set: get a token from @BotFather in Telegram (/newbot) and put it in .env',
    );
  } else if (!/^\d+:[A-Za-z0-9_-]{20,}$/.test(config.TELEGRAM_BOT_TOKEN)) {
    problems.push(
      'TELEGRAM_BOT_TOKEN does not look like a BotFather token (digits, a colon, then the secret)',
    );
  }
  if (config.BOT_MODE === 'webhook') {
    if (!config.WEBHOOK_URL)
      problems.push('WEBHOOK_URL is required when BOT_MODE=webhook (the public https URL Telegram posts to)');
    else if (!config.WEBHOOK_URL.startsWith('https://')) problems.push('WEBHOOK_URL must be an https:// URL');
    if (!config.WEBHOOK_SECRET)
      problems.push('WEBHOOK_SECRET is required when BOT_MODE=webhook (Telegram sends it with every update)');
  }
  return problems;
}

/**
 * Publishes the command menu Telegram shows on "/", and the description it shows in an empty chat
 * with the bot and on its profile (English, and Arabic for Arabic-speaking people). Without the
 * description, a person opening the bot saw an empty chat and a Start button, nothing of what it
 * does. Cosmetic: a failure is logged and the bot runs without them.
 */
async function publishCommands(bot: Bot, logger: Logger): Promise<void> {
  try {
    await bot.api.setMyCommands([...COMMAND_MENU.en]);
    await bot.api.setMyCommands([...COMMAND_MENU.ar], { language_code: 'ar' });
  } catch (err) {
    logger.warn('could not publish the command menu', { error: err });
  }
  try {
    for (const lang of ['en', 'ar'] as const) {
      const t = messages(lang);
      const other = lang === 'ar' ? { language_code: 'ar' as const } : {};
      await bot.api.setMyDescription(t.description, other);
      await bot.api.setMyShortDescription(t.shortDescription, other);
    }
  } catch (err) {
    logger.warn('could not publish the description', { error: err });
  }
}

/** What a start does besides receiving updates. */
export interface StartOptions {
  /** The answer log whose questions cut off by the last run's end are to be answered (answerPending). */
  pending?: AnswerLog;
  /** Webhook: how long Telegram is given to send those questions again (PENDING_WEBHOOK_GRACE_MS). */
  pendingGraceMs?: number;
}

/**
 * Long polling through @grammyjs/runner: updates are processed concurrently, one chat's in order
 * (createBot installs `sequentialize` by chat). A webhook left from a deployment is removed first.
 * The questions the last run left (`pending`) are answered meanwhile; `stop` waits for the one being
 * answered, as for any update in flight (stopped just after a start, it had been cut off again).
 */
export async function startPolling(bot: Bot, logger: Logger, opts: StartOptions = {}): Promise<Running> {
  await bot.init();
  await bot.api.deleteWebhook();
  await publishCommands(bot, logger);
  const handle = run(bot);
  logger.info('bot running (long polling)', { username: bot.botInfo.username });
  const stopping = new AbortController();
  const pending = opts.pending
    ? answerPending(bot, opts.pending, logger, { signal: stopping.signal }).catch((err: unknown) => {
        logger.error('could not answer the questions the last run left', { error: err });
      })
    : Promise.resolve();
  return {
    stop: async () => {
      // Those not begun yet stay in the log, for the next start.
      stopping.abort();
      if (handle.isRunning()) await handle.stop();
      // stop() returns once polling has ended; updates it fetched may still be answered or wait in a
      // chat's queue (sequentialize). Telegram will not send them again, so they are answered first.
      while (handle.size() > 0) await new Promise((r) => setTimeout(r, 20));
      await pending;
    },
  };
}

/**
 * Webhook mode: a node http server on WEBHOOK_HOST:WEBHOOK_PORT receiving updates at WEBHOOK_URL's
 * path; requests without Telegram's secret token are refused. Registers the webhook with Telegram.
 *
 * The questions the last run left (`pending`) are sent again by Telegram, whose requests were not
 * answered, and are answered as they come. Those still left once it has had the time to
 * (`pendingGraceMs`) it will not send: their askers are told to send them again. They had stayed in
 * the log, each a sealed copy of the person's message, until a start in long polling.
 */
export async function startWebhook(
  bot: Bot,
  config: Config,
  logger: Logger,
  opts: StartOptions = {},
): Promise<Running & { port: number }> {
  const url = config.WEBHOOK_URL;
  const secret = config.WEBHOOK_SECRET;
  if (!url || !secret) throw new Error('webhook mode needs WEBHOOK_URL and WEBHOOK_SECRET');
  await bot.init();
  const path = new URL(url).pathname;
  // Telegram waits for the reply; answer within its patience and never ask it to resend.
  const handle = webhookCallback(bot, 'http', {
    secretToken: secret,
    onTimeout: 'return',
    timeoutMilliseconds: 55_000,
  });
  const server = http.createServer((req, res) => {
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== path) {
      res.writeHead(404).end();
      return;
    }
    handle(req, res).catch((err: unknown) => {
      logger.error('webhook request failed', { error: err });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.WEBHOOK_PORT, config.WEBHOOK_HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  await bot.api.setWebhook(url, { secret_token: secret });
  await publishCommands(bot, logger);
  logger.info('bot running (webhook)', { username: bot.botInfo.username, port });
  const stopping = new AbortController();
  let pending: Promise<unknown> = Promise.resolve();
  const log = opts.pending;
  const graceMs = opts.pendingGraceMs ?? PENDING_WEBHOOK_GRACE_MS;
  const sweep = log
    ? setTimeout(() => {
        // Only those noted before the start: a later one (or one sent again) may be in flight.
        pending = answerPending(bot, log, logger, {
          signal: stopping.signal,
          retry: false,
          minAgeMs: graceMs,
        }).catch((err: unknown) => {
          logger.error('could not tell of the questions the last run left', { error: err });
        });
      }, graceMs)
    : undefined;
  sweep?.unref();
  return {
    port,
    // close() stops new connections and resolves when open requests, hence handlers, are done.
    stop: async () => {
      clearTimeout(sweep);
      stopping.abort();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await pending;
    },
  };
}
