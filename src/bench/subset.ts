import fs from 'node:fs';
import readline from 'node:readline';
import { once } from 'node:events';
import zlib from 'node:zlib';

/**
 * Writes the first `n` non-empty lines of a JSONL corpus (gzipped or not) to `outFile`, streaming:
 * the corpus is never held in memory and reading stops once `n` lines are written.
 * Returns how many lines were written (fewer than `n` when the corpus is shorter).
 */
export async function writeSubset(corpus: string, n: number, outFile: string): Promise<number> {
  if (!Number.isInteger(n) || n < 1) throw new Error(`subset size must be a positive integer, not ${n}`);
  const raw = fs.createReadStream(corpus);
  const input = corpus.endsWith('.gz') ? raw.pipe(zlib.createGunzip()) : raw;
  const out = fs.createWriteStream(outFile);
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let written = 0;
  try {
    for await (const line of lines) {
      if (!line.trim()) continue;
      if (!out.write(`${line}\n`)) await once(out, 'drain');
      if (++written >= n) break;
    }
  } finally {
    lines.close();
    raw.destroy();
    out.end();
    await once(out, 'close');
  }
  return written;
}
