/** Latency summary of one kind of operation, in milliseconds. */
export interface LatencySummary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

/**
 * The p-th percentile (0..100) of `samples`, by linear interpolation between the closest ranks
 * (NumPy's default), so p50 of an even count is the mean of the two middle values.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) throw new Error('percentile of no samples');
  if (p < 0 || p > 100) throw new Error(`percentile ${p} is outside 0..100`);
  const sorted = [...samples].sort((a, b) => a - b);
  const pos = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarize(samples: readonly number[]): LatencySummary {
  return {
    n: samples.length,
    p50: percentile(samples, 50),
    p95: percentile(samples, 95),
    p99: percentile(samples, 99),
    mean: samples.reduce((s, x) => s + x, 0) / samples.length,
  };
}

/** Times `fn` once per input, one after another (warm, in this process); milliseconds each. */
export async function timeEach<T>(inputs: readonly T[], fn: (input: T) => unknown): Promise<number[]> {
  const out: number[] = [];
  for (const input of inputs) {
    const t0 = performance.now();
    await fn(input);
    out.push(performance.now() - t0);
  }
  return out;
}

/**
 * Times each function over all the inputs, one full pass each, in two rounds (forward, then
 * reverse order) so that drift on a shared machine hits all alike. Passes rather than query by
 * query: a second search for the same query on the same graph would find it hot in the CPU cache.
 * One untimed pass of each function comes first, as the serving benchmark warms up: otherwise the
 * first timed function pays for pages that went cold while the others ran (on this machine the
 * page cache drops a file within about 30 s), and a function that ran just before is timed warm.
 * Milliseconds, one list per function.
 */
export async function timePasses<T>(
  inputs: readonly T[],
  fns: readonly ((x: T) => unknown)[],
): Promise<number[][]> {
  for (const f of fns) for (const x of inputs) await f(x);
  const out = fns.map(() => [] as number[]);
  const order = fns.map((_, i) => i);
  for (const round of [order, [...order].reverse()]) {
    for (const f of round) out[f]!.push(...(await timeEach(inputs, fns[f]!)));
  }
  return out;
}

/** Distances of an approximate or exact k-nearest-neighbour answer, with their labels. */
export interface Neighbours {
  labels: readonly number[];
  distances: readonly number[];
}

/** Tolerance on distances: ties at the k-th place are common with hashed lexical vectors. */
export const RECALL_EPSILON = 1e-6;

/**
 * Recall@k of one approximate answer against the exact one, two ways.
 * - `byId`: the share of the exact labels that the approximate answer returned.
 * - `byDistance`: the share of returned neighbours at least as close as the exact k-th one
 *   (ann-benchmarks' definition): a different passage at exactly the same distance (a duplicate
 *   article, an identical vector) is as good an answer and is not counted as a miss.
 * k is the exact answer's length (smaller than asked when the index holds fewer vectors).
 */
export function recallAt(approx: Neighbours, exact: Neighbours): { byId: number; byDistance: number } {
  const k = exact.labels.length;
  if (k === 0) return { byId: 1, byDistance: 1 };
  const truth = new Set(exact.labels);
  const byId = approx.labels.slice(0, k).filter((l) => truth.has(l)).length / k;
  const kth = Math.max(...exact.distances);
  const byDistance = approx.distances.slice(0, k).filter((d) => d <= kth + RECALL_EPSILON).length / k;
  return { byId, byDistance };
}

/** Mean of numbers (0 for none). */
export function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0;
}

/**
 * The smallest efSearch whose recall reaches `target`; when none does, the one with the best
 * recall (smallest ef among equals), flagged as not reaching it.
 */
export function chooseEf(
  curve: readonly { ef: number; recall: number }[],
  target: number,
): { ef: number; recall: number; reached: boolean } {
  if (!curve.length) throw new Error('no recall curve to choose from');
  const byEf = [...curve].sort((a, b) => a.ef - b.ef);
  const ok = byEf.find((c) => c.recall >= target);
  if (ok) return { ef: ok.ef, recall: ok.recall, reached: true };
  const best = byEf.reduce((b, c) => (c.recall > b.recall ? c : b));
  return { ef: best.ef, recall: best.recall, reached: false };
}
