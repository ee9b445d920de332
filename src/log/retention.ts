import { ANSWERS, counted, DAYS } from '../text/plural.js';
import type { AnswerLog } from './answer-log.js';

export interface RetentionHandle {
  stop(): void;
}

const DAY_MS = 86_400_000;

/**
 * Purge answers older than `days` now and then once a day. `days` 0 keeps everything.
 * A failed purge is reported and retried the next day; it never stops the bot.
 */
export function scheduleRetention(
  log: AnswerLog,
  days: number,
  report: (message: string, err?: unknown) => void,
  intervalMs = DAY_MS,
): RetentionHandle {
  if (days <= 0) return { stop() {} };
  const run = () => {
    try {
      const n = log.purge(days);
      // "purged 1 answer older than 1 day": the count still follows "purged", for greps of the log.
      if (n > 0)
        report(`answer log: purged ${counted('en', n, ANSWERS)} older than ${counted('en', days, DAYS)}`);
    } catch (err) {
      report('answer log: retention purge failed', err);
    }
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
