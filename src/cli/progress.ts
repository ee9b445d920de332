import cliProgress from 'cli-progress';
import type { BuildProgress } from '../index/index.js';

/**
 * Progress for a long run: a bar with rate and ETA on a terminal, plain lines otherwise
 * (CI logs, pipes), at most one every `intervalMs`.
 */
export function createProgressReporter(
  stream: NodeJS.WriteStream = process.stderr,
  intervalMs = 5000,
): { update: (p: BuildProgress) => void; stop: () => void } {
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
      stream.write(
        `ingest: ${p.articles}${of} articles${skipped}, ${p.passagesEmbedded} passages embedded, ${rate.toFixed(0)} articles/s${eta}\n`,
      );
    },
    stop() {},
  };
}
