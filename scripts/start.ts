/**
 * `npm start`: open the question-answering core (building the index from data/ on first start),
 * the answer log, and run the Telegram bot by long polling or webhook until SIGINT/SIGTERM.
 */
import 'dotenv/config';
import { ReloadingQA } from '../src/answer/reload.js';
import { openAnswering } from '../src/answer/thread.js';
import { createBot, createConsoleLogger } from '../src/bot/index.js';
import { botSettingProblems, startPolling, startWebhook, type Running } from '../src/bot/serve.js';
import { parseScriptArgs } from '../src/cli/args.js';
import { explainError } from '../src/cli/errors.js';
import { ConfigError, loadConfig, type Config } from '../src/config.js';
import { AnswerLog, scheduleRetention } from '../src/log/index.js';

const SHUTDOWN_GRACE_MS = 30_000;

function settings(): Config {
  try {
    const config = loadConfig();
    const problems = botSettingProblems(config);
    if (problems.length > 0)
      throw new ConfigError(`Cannot start the bot (see .env.example):\n  ${problems.join('\n  ')}`);
    return config;
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
}

const USAGE = `Usage: npm start

Runs the Telegram bot (long polling, or a webhook when WEBHOOK_URL is set) until SIGINT/SIGTERM,
answering from INDEX_DIR (built from ARTICLES_DIR on first start). Settings come from the
environment and .env: see .env.example.
`;

async function main(): Promise<void> {
  parseScriptArgs({ options: {} }, USAGE);
  const config = settings();
  const logger = createConsoleLogger({ redact: [config.TELEGRAM_BOT_TOKEN ?? ''] });

  const qa = await ReloadingQA.open({
    indexDir: config.INDEX_DIR,
    open: () => openAnswering(config, { onProgress: (line) => logger.info(line) }),
    intervalMs: config.INDEX_CHECK_SECONDS * 1000,
    onReload: (now, before) =>
      logger.info('newer index: answering from it', {
        index: now.indexVersion,
        articles: now.articles,
        passages: now.passages,
        previous: before.indexVersion,
      }),
    onError: (err, generation) =>
      logger.error('could not switch to a newer index; still answering from the one open', {
        index: generation,
        error: err,
      }),
  });
  const info = qa.info();
  logger.info('index ready', { articles: info.articles, passages: info.passages, embedder: info.embedderId });

  let log: AnswerLog;
  try {
    log = AnswerLog.fromConfig(config);
  } catch (err) {
    await qa.close();
    console.error(`Cannot open the answer log at ${config.LOG_DB} (LOG_DB): ${(err as Error).message}`);
    process.exit(2);
  }
  const retention = scheduleRetention(log, config.LOG_RETENTION_DAYS, (msg, err) =>
    err ? logger.error(msg, { error: err }) : logger.info(msg),
  );

  const bot = createBot({ qa, log, config, logger });
  let running: Running;
  try {
    // Questions the last run was killed while answering: answered now (a webhook's as Telegram sends
    // them again), or their askers told to send them again; stopping waits for the one being answered.
    running =
      config.BOT_MODE === 'webhook'
        ? await startWebhook(bot, config, logger, { pending: log })
        : await startPolling(bot, logger, { pending: log });
  } catch (err) {
    logger.error('could not start the bot; check TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT', { error: err });
    retention.stop();
    log.close();
    await qa.close();
    process.exit(1);
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping: finishing answers in flight', { signal });
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    try {
      await running.stop();
      retention.stop();
      await qa.close();
      log.close();
      logger.info('stopped');
      process.exitCode = 0;
    } catch (err) {
      logger.error('error while stopping', { error: err });
      process.exitCode = 1;
    }
    clearTimeout(force);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err: unknown) => {
  // An index to rebuild or upgrade is the maintainer's next step, not a crash: its message says what to run.
  const { text, code } = explainError(err);
  console.error(`Cannot start the bot: ${text}`);
  process.exit(err instanceof Error && err.name === 'IndexError' ? 2 : code);
});
