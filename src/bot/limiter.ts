/**
 * Per-key sliding-window rate limit. The first refused request in a burst is told so ('notify');
 * later ones are dropped silently until the window frees up, so a flood gets one reply, not many.
 * (The ratelimiter plugin's memory store resets every key on one shared timer and has no clock
 * to inject, so this small keyed limiter is used instead.)
 */
export type LimitDecision = 'allow' | 'notify' | 'drop';

export class RateLimiter {
  private readonly hits = new Map<string, { times: number[]; notified: boolean }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  hit(key: string): LimitDecision {
    const t = this.now();
    const entry = this.hits.get(key) ?? { times: [], notified: false };
    entry.times = entry.times.filter((x) => x > t - this.windowMs);
    this.hits.set(key, entry);
    if (this.hits.size > 10_000) this.sweep(t);
    if (entry.times.length < this.limit) {
      entry.times.push(t);
      entry.notified = false;
      return 'allow';
    }
    if (entry.notified) return 'drop';
    entry.notified = true;
    return 'notify';
  }

  /** Whether `key`'s latest burst over the limit has been told so ('notify'), and is not over yet. */
  told(key: string): boolean {
    const entry = this.hits.get(key);
    const t = this.now();
    return entry !== undefined && entry.notified && entry.times.some((x) => x > t - this.windowMs);
  }

  /** Forget keys with no request inside the window, so memory stays bounded by active users. */
  private sweep(t: number): void {
    for (const [k, e] of this.hits) if (!e.times.some((x) => x > t - this.windowMs)) this.hits.delete(k);
  }
}
