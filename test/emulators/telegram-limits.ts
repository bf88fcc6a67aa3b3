/**
 * Telegram's flood limits (platform-facts B8) as token buckets: about 1 message a second in one chat
 * (short bursts tolerated), 20 a minute in a group, about 30 a second in all. A send that finds a bucket
 * empty gets 429 with retry_after, the seconds until that bucket has a token again.
 */
export type Bucket = { perSecond: number; burst: number };
export type RateLimits = { perChat: Bucket; perGroup: Bucket; global: Bucket };

export const TELEGRAM_LIMITS: RateLimits = {
  perChat: { perSecond: 1, burst: 3 },
  perGroup: { perSecond: 20 / 60, burst: 20 },
  global: { perSecond: 30, burst: 30 },
};

type State = { tokens: number; at: number };

export function createLimiter(limits: RateLimits, now: () => number) {
  const states = new Map<string, State>();
  let rejected = 0;

  function refill(key: string, bucket: Bucket): State {
    const t = now();
    const state = states.get(key) ?? { tokens: bucket.burst, at: t };
    state.tokens = Math.min(bucket.burst, state.tokens + ((t - state.at) / 1000) * bucket.perSecond);
    state.at = t;
    states.set(key, state);
    return state;
  }

  return {
    /** Takes a token from every bucket the send counts against, or returns the seconds to wait (taking nothing). */
    take(chatId: number, isGroup: boolean): { retryAfter: number } | null {
      const buckets: Array<[string, Bucket]> = [
        ["global", limits.global],
        [`chat:${chatId}`, limits.perChat],
        ...(isGroup ? [[`group:${chatId}`, limits.perGroup] as [string, Bucket]] : []),
      ];
      const states = buckets.map(([key, bucket]) => [refill(key, bucket), bucket] as const);
      const empty = states.filter(([state]) => state.tokens < 1);
      if (empty.length) {
        rejected += 1;
        const wait = Math.max(...empty.map(([state, bucket]) => (1 - state.tokens) / bucket.perSecond));
        return { retryAfter: Math.max(1, Math.ceil(wait)) };
      }
      for (const [state] of states) state.tokens -= 1;
      return null;
    },
    /** How many sends were answered 429. */
    get rejected() {
      return rejected;
    },
  };
}
