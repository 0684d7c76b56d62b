/** Token buckets for `Policy.rateLimit`: one bucket per (policy, agent, action kind). */

export type RateWindow = '1s' | '1m' | '1h' | number;

const WINDOWS: Record<string, number> = { '1s': 1000, '1m': 60_000, '1h': 3_600_000 };

export function windowMs(window: RateWindow): number {
  const ms = typeof window === 'number' ? window : WINDOWS[window];
  if (ms === undefined || !Number.isFinite(ms) || ms <= 0)
    throw new TypeError(`rate limit window must be '1s', '1m', '1h' or a positive number of milliseconds, got ${JSON.stringify(window)}`);
  return ms;
}

export function windowLabel(window: RateWindow): string {
  return typeof window === 'number' ? `${window}ms` : window;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * `capacity` tokens, refilled continuously at `capacity` per `window` ms: a burst of
 * `capacity` is allowed, then one call per `window / capacity` ms.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    readonly capacity: number,
    readonly window: number,
  ) {
    this.perMs = capacity / window;
  }

  private refill(key: string, now: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = { tokens: this.capacity, at: now };
      this.buckets.set(key, b);
      return b;
    }
    if (now > b.at) {
      b.tokens = Math.min(this.capacity, b.tokens + (now - b.at) * this.perMs);
      b.at = now;
    }
    return b;
  }

  /** Milliseconds until a token is available (0: available now). Does not take it. */
  waitMs(key: string, now: number): number {
    const b = this.buckets.get(key);
    if (!b) return 0;
    const tokens = now > b.at ? Math.min(this.capacity, b.tokens + (now - b.at) * this.perMs) : b.tokens;
    // tolerance for float error after many refills
    return tokens >= 1 - 1e-9 ? 0 : (1 - tokens) / this.perMs;
  }

  take(key: string, now: number): void {
    const b = this.refill(key, now);
    b.tokens = Math.max(0, b.tokens - 1);
  }
}
