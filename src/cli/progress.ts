import cliProgress from 'cli-progress';
import type { BuildProgress } from '../index/index.js';
import { ARTICLES, counted, PASSAGES, type CountForms } from '../text/index.js';

/** Counted nouns of ingestion's lines ("1 article", "2 articles"); see `counted`. */
export { ARTICLES, PASSAGES };

/** `n` with its noun, in English: "1 article", "0 articles". */
export const count = (n: number, forms: CountForms): string => counted('en', n, forms);

/** The noun alone, in the form `n` takes: "article" after 1, else "articles". */
const noun = (n: number, forms: CountForms): string => count(n, forms).replace(/^\S+ /, '');

/**
 * Progress for a long run: a bar with rate and ETA on a terminal, plain lines otherwise
 * (CI logs, pipes), at most one every `intervalMs`. `phase` prints a line saying what the run is
 * busy with when it is not reading articles (committing a generation), the bar ended first.
 * `now` is the clock rates are measured by, in milliseconds.
 */
export function createProgressReporter(
  stream: NodeJS.WriteStream = process.stderr,
  intervalMs = 5000,
  now: () => number = () => performance.now(),
): { update: (p: BuildProgress) => void; phase: (message: string) => void; stop: () => void } {
  const line = (message: string) => stream.write(`ingest: ${message}\n`);
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format:
          'ingest [{bar}] {value}/{total} {articles}{skipped} | {passages} embedded | {rate}/s | ETA {eta_formatted}',
        hideCursor: true,
        etaBuffer: 50,
        // cli-progress gives 'INF' or 'NULL' for an ETA it cannot tell (no article read since the
        // last update), which its own format cuts to two letters: the bar read "ETA NFs".
        formatTime: (t, options, round) =>
          typeof t === 'number' ? cliProgress.Format.TimeFormat(t, options, round) : '…',
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    const t0 = now();
    return {
      update(p) {
        const rate = (p.articles / Math.max((now() - t0) / 1000, 1e-3)).toFixed(0);
        const total = p.total ?? Math.max(p.articles, 1);
        const values = {
          articles: noun(total, ARTICLES),
          passages: count(p.passagesEmbedded, PASSAGES),
          rate,
          skipped: p.skipped ? ` (${p.skipped} skipped)` : '',
        };
        if (!started) {
          bar.start(total, p.articles, values);
          started = true;
        }
        if (p.total === null) bar.setTotal(total);
        bar.update(p.articles, values);
      },
      phase(message) {
        // The bar ends where it is; a later update starts another below the line.
        if (started) bar.stop();
        started = false;
        line(message);
      },
      stop: () => started && bar.stop(),
    };
  }
  let last = 0;
  const t0 = now();
  return {
    update(p) {
      const at = now();
      // The last line is always printed: all read and, after the last batch, all embedded.
      if (at - last < intervalMs && !p.done) return;
      last = at;
      const secs = (at - t0) / 1000;
      const rate = p.articles / Math.max(secs, 1e-3);
      const eta = p.total && rate > 0 && !p.done ? ` ETA ${Math.round((p.total - p.articles) / rate)} s` : '';
      // "3/5 articles", "1/1 article": the noun goes with the total, or the count when none is known.
      const read = p.total ? `${p.articles}/${count(p.total, ARTICLES)}` : count(p.articles, ARTICLES);
      const skipped = p.skipped ? ` (${p.skipped} skipped)` : '';
      const perSecond = Math.round(rate);
      line(
        `${read}${skipped}, ${count(p.passagesEmbedded, PASSAGES)} embedded, ${perSecond} ${noun(perSecond, ARTICLES)}/s${eta}`,
      );
    },
    phase: line,
    stop() {},
  };
}
