import type { Actor } from "../../domain/members/member.js";

/** The channel the database notifies when anything a caller is resolved from changes (see its migration). */
export const CALLER_CHANGES = "threadline_callers";

/**
 * The callers this instance resolved (member and workspace, by the platform's ids), so a command skips the
 * lookup every command would otherwise start with. Kept only while the instance listens to CALLER_CHANGES:
 * every change, from any instance, empties it (`changed`), and losing the listening connection empties it
 * and keeps nothing until listening again, since changes may have been missed meanwhile.
 *
 * A lookup that was under way when a change came is not kept (the generation moved on): it may have read
 * the rows before the change.
 */
export type CallerCache = {
  get(key: string): Actor | undefined;
  /** The generation to hand to `keep` for a lookup starting now. */
  generation(): number;
  /** Keeps a frozen copy of what was looked up (the same object every later `get` gives), and returns it. */
  keep(key: string, actor: Actor, generation: number): Actor;
  changed(): void;
  listening(on: boolean): void;
};

export function callerCache(maxEntries = 10_000): CallerCache {
  const entries = new Map<string, Actor>();
  let generation = 0;
  let live = false;
  const changed = () => {
    generation += 1;
    entries.clear();
  };
  return {
    get: (key) => (live ? entries.get(key) : undefined),
    generation: () => generation,
    keep(key, actor, since) {
      const kept = Object.freeze({ member: Object.freeze({ ...actor.member }), workspace: Object.freeze({ ...actor.workspace }) });
      if (!live || since !== generation) return kept;
      // Past the bound, the oldest goes (a Map iterates in insertion order).
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, kept);
      return kept;
    },
    changed,
    listening(on) {
      live = on;
      changed();
    },
  };
}
