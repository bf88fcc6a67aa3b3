import type { Action } from "../render/reply.js";

/**
 * Every button the console has printed, numbered across messages. Replies and reminders print into one
 * stream, often several at once (two reminders due the same minute), so a number is given once and keeps
 * meaning the same button: an older message's buttons stay pressable after newer ones arrive.
 */
export type ConsoleButtons = {
  /** Numbers `actions` from the next unused number on and remembers them; returns the first number. */
  offer(actions: readonly Action[]): number;
  /** The button printed with `number`, unless it is unknown or so old it was forgotten. */
  find(number: number): Action | undefined;
};

/** Keeps the last `keep` buttons: enough for any screenful a person still reads, bounded for a long session. */
export function consoleButtons(keep = 500): ConsoleButtons {
  let next = 1;
  const byNumber = new Map<number, Action>();
  return {
    offer(actions) {
      const first = next;
      for (const action of actions) byNumber.set(next++, action);
      // A Map iterates in insertion order, so the first keys are the oldest.
      for (const number of byNumber.keys()) {
        if (byNumber.size <= keep) break;
        byNumber.delete(number);
      }
      return first;
    },
    find: (number) => byNumber.get(number),
  };
}
