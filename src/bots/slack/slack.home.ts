import type { App, webApi } from "@slack/bolt";
import type { MemberRepo } from "../../domain/members/member.repo.js";
import type { Logger } from "../../log.js";
import type { Dispatcher } from "../commands/dispatch.js";
import { translator } from "../render/i18n.js";
import { slackCaller, type SlackWho } from "./slack.caller.js";
import { homeModel, welcomeModel } from "./slack.home.model.js";
import { renderHome } from "./slack.home.render.js";

export type SlackHomeDeps = {
  dispatcher: Pick<Dispatcher, "resolve" | "contextFor">;
  members: Pick<MemberRepo, "memberships">;
  client: webApi.WebClient;
  log: Logger;
  /** The language of someone Threadline does not know yet. */
  defaultLocale: string;
};

/** Event ids remembered to recognise Slack's re-sends of an app_home_opened (platform-facts A3). */
const SEEN_EVENTS = 1000;

/**
 * The App Home tab: a person's tasks due, open leads, approvals waiting for them and overdue invoices,
 * published with views.publish when they open the tab and again after a change it shows. Opening it reads
 * and creates nothing: someone Threadline does not know yet sees how to begin. A Home is a view of the
 * database, never a record of its own, so a lost publish costs nothing: the next open publishes afresh.
 */
export function slackHome({ dispatcher, members, client, log, defaultLocale }: SlackHomeDeps) {
  /** People whose Home this process has published: a change they make refreshes it. */
  const shown = new Set<string>();
  /** Per person, the tail of their publishes (one at a time, in order) and the newest one asked for. */
  const chains = new Map<string, Promise<void>>();
  const latest = new Map<string, number>();
  const seenEvents = new Set<string>();
  let tickets = 0;

  const keyOf = (who: SlackWho) => `${who.teamId}:${who.userId}`;

  async function view(who: SlackWho, notice?: string) {
    const caller = slackCaller(who);
    if ((await members.memberships(caller)).length === 0) {
      return renderHome(welcomeModel(translator(defaultLocale), defaultLocale), translator(defaultLocale));
    }
    const actor = await dispatcher.resolve(caller);
    const ctx = dispatcher.contextFor(actor, caller);
    return renderHome(homeModel(await ctx.services.home.overview(actor), ctx, notice), ctx.t);
  }

  async function publishNow(who: SlackWho, ticket: number, notice?: string) {
    // A newer publish is queued behind this one and will show the same data, or newer: skip this one,
    // unless it carries a notice the presser must see.
    if (!notice && latest.get(keyOf(who)) !== ticket) return;
    try {
      await client.views.publish({ user_id: who.userId, view: await view(who, notice) });
      shown.add(keyOf(who));
    } catch (error) {
      log.warn({ err: error, user: who.userId }, "could not publish the Slack Home");
    }
  }

  /** Publishes this person's Home now (after any publish of theirs in flight). Never fails. */
  function publish(who: SlackWho, notice?: string): Promise<void> {
    const key = keyOf(who);
    const ticket = ++tickets;
    latest.set(key, ticket);
    const run = (chains.get(key) ?? Promise.resolve()).then(() => publishNow(who, ticket, notice));
    chains.set(key, run);
    void run.then(() => {
      if (chains.get(key) === run) chains.delete(key);
    });
    return run;
  }

  return {
    publish,
    /** Publishes the Home again if this person has one from this process: after a change they made elsewhere. */
    refreshIfShown: (who: SlackWho): Promise<void> => (shown.has(keyOf(who)) ? publish(who) : Promise.resolve()),

    /**
     * app_home_opened (Events API, acknowledged by Bolt before the listener runs): publishes the Home tab.
     * Slack re-sends an event it thinks was lost with the same event_id; a re-send seen here is dropped.
     */
    register(app: App) {
      app.event("app_home_opened", async ({ event, body }) => {
        if (event.tab !== "home") return;
        const eventId = (body as { event_id?: string }).event_id;
        if (eventId) {
          if (seenEvents.has(eventId)) return log.info({ eventId }, "repeated app_home_opened dropped");
          seenEvents.add(eventId);
          if (seenEvents.size > SEEN_EVENTS) seenEvents.delete(seenEvents.values().next().value!);
        }
        const { team_id: teamId, enterprise_id: enterpriseId } = body as { team_id: string; enterprise_id?: string };
        await publish({ teamId, enterpriseId, userId: event.user });
      });
    },
  };
}

export type SlackHome = ReturnType<typeof slackHome>;
