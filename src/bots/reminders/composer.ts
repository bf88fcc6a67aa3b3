import type { OutboxItem } from "../../domain/reminders/outbox.js";
import type { CommandContext } from "../commands/registry.js";
import type { Reply } from "../render/reply.js";

/**
 * Turns one outbox row of its kind into the message to send, at send time, so it says what is true now
 * (a renamed task, a paid invoice) in the recipient's language and zone: `ctx.actor.member` is the
 * recipient. Null means there is nothing to say any more (the task was done): the row is cancelled.
 */
export type Composer = {
  kind: string;
  compose(item: OutboxItem, ctx: CommandContext): Promise<Reply | null>;
};

export function defineComposer(composer: Composer): Composer {
  return composer;
}
