import { DateTime } from "luxon";
import type { Platform } from "../../domain/members/member.js";
import type { ChatAddress } from "../../bots/messenger.js";

/**
 * How fast one platform lets a bot post (docs/platform-facts.md A10, B8), as spacings between two messages:
 * a steady pace rather than bursts, so the platform never has a reason to answer 429.
 */
export type PlatformLimits = {
  /** Between any two messages of the bot on this platform (Telegram: about 30 per second overall). */
  platformIntervalMs: number;
  /** Between two messages into one chat (Telegram: 1 per second, 20 per minute in a group). */
  chatIntervalMs(chatId: string): number;
  /** What a 429 pauses: the one chat (Slack counts per channel) or every call (Telegram). */
  retryAfterBlocks: "chat" | "platform";
};

/** Telegram's pace; Bale publishes no limits and its Bot API copies Telegram's, so it gets the same (and honours any 429). */
const botApiLimits: PlatformLimits = {
  platformIntervalMs: 1000 / 30,
  // Group and channel ids are negative; a group allows 20 messages a minute.
  chatIntervalMs: (chatId) => (chatId.startsWith("-") ? 60_000 / 20 : 1000),
  retryAfterBlocks: "platform",
};

export const platformLimits: Record<Platform, PlatformLimits> = {
  telegram: botApiLimits,
  bale: botApiLimits,
  slack: { platformIntervalMs: 0, chatIntervalMs: () => 1000, retryAfterBlocks: "chat" },
  console: { platformIntervalMs: 0, chatIntervalMs: () => 0, retryAfterBlocks: "chat" },
};

export type RateLimiterOptions = {
  limits?: Record<Platform, PlatformLimits>;
  /**
   * Fraction of the documented rate to use. A little below 1 keeps two messages that leave exactly one
   * interval apart from arriving a hair closer than that after network jitter.
   */
  headroom?: number;
};

type Pace = { nextAt: number; blockedUntil: number; horizon: number };

/**
 * One limiter per process for every platform and chat. Times are epoch milliseconds inside, luxon outside.
 * A send first waits for its chat (`readyAt`), then takes a turn of the platform-wide pace (`takeTurn`),
 * then records itself (`sent`); a 429 blocks the chat or the platform for its retry-after.
 */
export function createRateLimiter({ limits = platformLimits, headroom = 0.95 }: RateLimiterOptions = {}) {
  const chats = new Map<string, Pace>();
  const platforms = new Map<Platform, Pace>();
  const stretch = (ms: number) => (ms === 0 ? 0 : Math.ceil(ms / headroom));
  const chatKey = (to: ChatAddress) => `${to.platform}:${to.chatId}`;
  const pace = <K>(map: Map<K, Pace>, key: K): Pace => {
    let found = map.get(key);
    if (!found) map.set(key, (found = { nextAt: 0, blockedUntil: 0, horizon: 0 }));
    return found;
  };
  const chatInterval = (to: ChatAddress) => stretch(limits[to.platform].chatIntervalMs(to.chatId));

  /** The earliest moment a message may go into this chat: its spacing and any 429 on the chat or platform. */
  function readyAt(to: ChatAddress, now: DateTime): DateTime {
    const chat = chats.get(chatKey(to));
    const platform = platforms.get(to.platform);
    return DateTime.fromMillis(
      Math.max(now.toMillis(), chat?.nextAt ?? 0, chat?.blockedUntil ?? 0, platform?.blockedUntil ?? 0),
      { zone: "utc" },
    );
  }

  return {
    readyAt,

    /**
     * Reserves the next turn of the platform-wide pace and says when it comes. Call it only once the chat is
     * ready, so a message waiting for a busy chat never holds up messages to free ones.
     */
    takeTurn(platform: Platform, now: DateTime): DateTime {
      const slot = pace(platforms, platform);
      const at = Math.max(now.toMillis(), slot.nextAt, slot.blockedUntil);
      slot.nextAt = at + stretch(limits[platform].platformIntervalMs);
      return DateTime.fromMillis(at, { zone: "utc" });
    },

    /** Records a message into the chat at `at`: the next one waits its interval from here. */
    sent(to: ChatAddress, at: DateTime) {
      const chat = pace(chats, chatKey(to));
      chat.nextAt = Math.max(chat.nextAt, at.toMillis() + chatInterval(to));
    },

    /** A 429: nothing more goes to the chat (Slack) or to the platform (Telegram) before it has passed. */
    rateLimited(to: ChatAddress, retryAfterMs: number, now: DateTime) {
      const until = now.toMillis() + retryAfterMs;
      const slot = limits[to.platform].retryAfterBlocks === "platform" ? pace(platforms, to.platform) : pace(chats, chatKey(to));
      slot.blockedUntil = Math.max(slot.blockedUntil, until);
    },

    /**
     * Times at which `count` messages that cannot go now should come back, one chat interval apart and
     * after those already handed out, so a chat's backlog returns in order instead of all at once.
     */
    laterSlots(to: ChatAddress, count: number, now: DateTime): DateTime[] {
      const chat = pace(chats, chatKey(to));
      const interval = chatInterval(to);
      let at = Math.max(readyAt(to, now).toMillis(), chat.horizon + interval);
      const slots: DateTime[] = [];
      for (let i = 0; i < count; i++, at += interval) slots.push(DateTime.fromMillis(at, { zone: "utc" }));
      chat.horizon = at - interval;
      return slots;
    },

    /** Forgets chats with nothing pending, so the maps stay as small as the set of busy chats. */
    prune(now: DateTime) {
      const ms = now.toMillis();
      for (const [key, chat] of chats) if (Math.max(chat.nextAt, chat.blockedUntil, chat.horizon) < ms) chats.delete(key);
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
