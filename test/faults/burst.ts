import { tookCommand } from "../emulators/slack-emulator.js";
import type { TgChat, TgUser } from "../emulators/telegram-emulator.js";
import { inParallel, leadTitles, quiet, type FaultDatabase, type FaultWorld } from "./fault-harness.js";

/**
 * Bursts of `/lead add <unique name> 1 USD` on Slack and Telegram, and the count afterwards. Every command
 * names a lead no other command names (fixed width, so no name is part of another), which makes each one
 * traceable: acknowledged (Slack: HTTP 200; Telegram: the update confirmed, so it will not come again),
 * done (a lead with that name in the database), done twice (two such leads), answered (the reply that names
 * it reached the person).
 */

export type Tally = {
  sent: number;
  acked: number;
  done: number;
  /** Acknowledged, and never done: the loss the product must not have. */
  lost: number;
  twice: number;
  /** Acknowledged, and answered with the created lead (Slack: on its response_url; Telegram: in the chat). */
  answered: number;
  /** Acknowledged and done, but no answer reached the person. */
  silent: number;
  /** Acknowledged, not done, and answered with something else (an error): not silent, but not done. */
  refused: number;
};

export const slackName = (round: number, i: number) => `sl-r${String(round).padStart(3, "0")}-n${String(i).padStart(4, "0")}`;
export const telegramName = (round: number, i: number) => `tg-r${String(round).padStart(3, "0")}-n${String(i).padStart(4, "0")}`;

export function createBurstLedger(world: FaultWorld) {
  const slackSent = new Map<string, { acked: boolean; responseId: string }>();
  const telegramSent = new Map<string, { confirmed: boolean; chat: TgChat }>();
  const users: Array<{ user: TgUser; chat: TgChat }> = [];
  let slackAcks = 0;

  /** The i-th Telegram person, each in a private chat of their own. */
  function person(i: number) {
    while (users.length <= i) {
      const user = world.tg.user({ first_name: `Person${users.length}`, username: `person_${users.length}` });
      users.push({ user, chat: world.tg.privateChat(user) });
    }
    return users[i]!;
  }

  return {
    /**
     * Sends round `round`'s `count` Slack commands, `concurrency` at a time, until they are all sent or
     * `stopped()` says to stop (the process is gone: what is not sent yet is not sent at all).
     */
    async slackBurst(round: number, count: number, concurrency: number, stopped: () => boolean) {
      const names = Array.from({ length: count }, (_, i) => slackName(round, i));
      await inParallel(names, concurrency, async (name) => {
        if (stopped()) return;
        const payload = world.slack.commandPayload({ command: "/lead", text: `add ${name} 1 USD` });
        const entry = { acked: false, responseId: payload.response_url!.split("/").pop()! };
        slackSent.set(name, entry);
        try {
          const sent = await world.slack.sendCommandPayload(world.slackTarget, payload);
          entry.acked = tookCommand(sent);
          if (entry.acked) slackAcks++;
        } catch {
          // Connection refused or reset: Slack shows the person an error and does not retry a slash command.
        }
      });
    },

    /** Slack commands acknowledged so far, all rounds. */
    slackAcks: () => slackAcks,

    /** Round `round`'s `count` Telegram updates, one per person; each is acked once Telegram counts it confirmed. */
    telegramBurst(round: number, count: number) {
      for (let i = 0; i < count; i++) {
        const name = telegramName(round, i);
        const { user, chat } = person(i);
        const entry = { confirmed: false, chat };
        telegramSent.set(name, entry);
        void world.tg.userSays(chat, user, `/lead add ${name} 1 USD`).settled.then(() => (entry.confirmed = true));
      }
    },

    /**
     * Waits until every acknowledged command has its answer and nothing more has arrived for `quietMs` (a
     * late duplicate would show), or until `limitMs`: false then, and the tally says what is missing. Quiet
     * alone is not enough: a restart after many kills can pause longer than `quietMs` before its first reply.
     */
    async drain(quietMs = 5_000, limitMs = 180_000) {
      let seen = -1;
      const unanswered = () => {
        const slackAnswered = new Set(world.slack.responses.map((response) => response.id));
        const slack = [...slackSent.values()].filter((entry) => entry.acked && !slackAnswered.has(entry.responseId)).length;
        const telegram = [...telegramSent].filter(
          ([name, entry]) => entry.confirmed && !world.tg.botMessages(entry.chat).some((message) => message.text?.includes(name)),
        ).length;
        return slack + telegram;
      };
      return quiet(
        () => {
          const now = world.slack.responses.length + world.tg.callsOf("sendMessage").length;
          const still = now === seen && world.tg.pendingUpdateCount === 0 && unanswered() === 0;
          seen = now;
          return still;
        },
        quietMs,
        limitMs,
      );
    },

    /** The count, from the emulators' records and the database (read once the product has stopped). */
    async tally(db: FaultDatabase): Promise<{ slack: Tally; telegram: Tally; unackedDone: number }> {
      const titles = await leadTitles(db);
      const anySlackAnswer = new Set(world.slack.responses.filter((response) => response.status === 200).map((response) => response.id));
      const answeredSlack = new Set(
        world.slack.responses.filter((response) => response.status === 200 && /Lead #\d+ created/.test(JSON.stringify(response.body))).map((response) => response.id),
      );
      const telegramAnswers = new Map<number, string>();
      for (const { chat } of users) telegramAnswers.set(chat.id, world.tg.botMessages(chat).map((message) => message.text ?? "").join("\n"));

      let unackedDone = 0;
      const count = <T>(
        sent: Map<string, T>,
        acked: (entry: T) => boolean,
        answered: (name: string, entry: T) => boolean,
        answeredAtAll: (entry: T) => boolean,
      ): Tally => {
        const tally: Tally = { sent: sent.size, acked: 0, done: 0, lost: 0, twice: 0, answered: 0, silent: 0, refused: 0 };
        for (const [name, entry] of sent) {
          const times = titles.get(name) ?? 0;
          if (times > 0) tally.done++;
          if (times > 1) tally.twice++;
          if (!acked(entry)) {
            if (times > 0) unackedDone++;
            continue;
          }
          tally.acked++;
          if (times === 0) tally.lost++;
          if (times === 0 && answeredAtAll(entry)) tally.refused++;
          if (answered(name, entry)) tally.answered++;
          else if (times > 0) tally.silent++;
        }
        return tally;
      };
      const slack = count(
        slackSent,
        (entry) => entry.acked,
        (_name, entry) => answeredSlack.has(entry.responseId),
        (entry) => anySlackAnswer.has(entry.responseId),
      );
      // A Telegram chat carries many commands, so an error there cannot be told apart: not counted.
      const telegram = count(
        telegramSent,
        (entry) => entry.confirmed,
        (name, entry) => (telegramAnswers.get(entry.chat.id) ?? "").includes(name),
        () => false,
      );
      return { slack, telegram, unackedDone };
    },
  };
}

export type BurstLedger = ReturnType<typeof createBurstLedger>;

/** One line of figures for a report. */
export const describeTally = (platform: string, tally: Tally) =>
  `${platform}: sent ${tally.sent}, acknowledged ${tally.acked}, done ${tally.done}, lost ${tally.lost} (of which answered with an error ${tally.refused}), done twice ${tally.twice}, answered ${tally.answered}/${tally.acked}, done but unanswered ${tally.silent}`;
