import cliProgress from 'cli-progress';
import type { BuildProgress } from '../index/index.js';

/**
 * Progress for a long run: a bar with rate and ETA on a terminal, plain lines otherwise
 * (CI logs, pipes), at most one every `intervalMs`. `phase` prints a line saying what the run is
 * busy with when it is not reading articles (committing a generation), the bar ended first.
 */
export function createProgressReporter(
  stream: NodeJS.WriteStream = process.stderr,
  intervalMs = 5000,
): { update: (p: BuildProgress) => void; phase: (message: string) => void; stop: () => void } {
  const line = (message: string) => stream.write(`ingest: ${message}\n`);
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format:
          'ingest [{bar}] {value}/{total} articles{skipped} | {passages} passages embedded | {rate}/s | ETA {eta_formatted}',
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    const t0 = performance.now();
    return {
      update(p) {
        const rate = (p.articles / Math.max((performance.now() - t0) / 1000, 1e-3)).toFixed(0);
        const values = {
          passages: p.passagesEmbedded,
          rate,
          skipped: p.skipped ? ` (${p.skipped} skipped)` : '',
        };
        if (!started) {
          bar.start(p.total ?? p.articles, p.articles, values);
          started = true;
        }
        if (p.total === null) bar.setTotal(Math.max(p.articles, 1));
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
  const t0 = performance.now();
  return {
    update(p) {
      const now = performance.now();
      // The last line is always printed: all read and, after the last batch, all embedded.
      if (now - last < intervalMs && !p.done) return;
      last = now;
      const secs = (now - t0) / 1000;
      const rate = p.articles / Math.max(secs, 1e-3);
      const eta = p.total && rate > 0 && !p.done ? ` ETA ${Math.round((p.total - p.articles) / rate)} s` : '';
      const of = p.total ? `/${p.total}` : '';
      const skipped = p.skipped ? ` (${p.skipped} skipped)` : '';
      line(
        `${p.articles}${of} articles${skipped}, ${p.passagesEmbedded} passages embedded, ${rate.toFixed(0)} articles/s${eta}`,
      );
    },
    phase: line,
    stop() {},
  };
}
