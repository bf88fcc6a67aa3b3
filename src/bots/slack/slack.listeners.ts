import { randomUUID } from "node:crypto";
import type { App, BlockAction, ButtonAction as SlackButton } from "@slack/bolt";
import type { Logger } from "../../log.js";
import type { Accepted, InboxWorker } from "../inbox/inbox.worker.js";
import type { Translate } from "../render/i18n.js";
import { normalizeUserText } from "../user-text.js";
import { slackDeliveryKey } from "./slack.caller.js";
import type { SlackRequest } from "./slack.inbox.js";
import { ACTION_ID_PREFIX, escapeMrkdwn } from "./slack.render.js";

export type ListenerDeps = {
  inbox: Pick<InboxWorker, "accept">;
  log: Logger;
  t: Translate;
};

/** Records a delivery in the inbox: "busy" also when the database did not take it (never acknowledge then). */
export type RecordDelivery = (key: string, request: SlackRequest) => Promise<Accepted>;

export function deliveryRecorder({ inbox, log }: Pick<ListenerDeps, "inbox" | "log">): RecordDelivery {
  return async (key, request) => {
    try {
      return await inbox.accept(key, request);
    } catch (error) {
      log.error({ err: error, key }, "could not record a Slack delivery; asked the caller to try again");
      return "busy";
    }
  };
}

/**
 * The door's intake for slash commands and buttons: record the delivery in the inbox (one insert), then
 * acknowledge, within Slack's 3 seconds. The work and the answer follow from the inbox (slack.inbox.ts).
 * When the inbox is full, or the database did not take the delivery, the caller is told to try again
 * instead of getting an acknowledgement that would never be honoured.
 */
export function registerListeners(app: App, { inbox, log, t }: ListenerDeps): void {
  const busy = () => ({ response_type: "ephemeral" as const, text: escapeMrkdwn(t("inbox.busy")) });
  const record = deliveryRecorder({ inbox, log });

  app.use(async ({ context, body, next }) => {
    // A re-sent delivery (X-Slack-Retry-Num, Socket Mode retry_attempt) carries the first one's trigger or
    // event id, so the inbox answers it with the first reply instead of doing it again; the log shows why.
    if (context.retryNum) {
      const kind = (body as { type?: string; command?: string }).type ?? (body as { command?: string }).command;
      log.info({ retryNum: context.retryNum, retryReason: context.retryReason, kind }, "Slack retry");
    }
    await next();
  });

  // Every slash command goes to the dispatcher, which knows them all (manifest.yml declares the same list).
  app.command(/^\/.+/, async ({ command, ack }) => {
    const key = slackDeliveryKey(command.team_id, command) ?? `slack:${command.team_id}:${randomUUID()}`;
    const outcome = await record(key, {
      kind: "command",
      command: command.command,
      text: normalizeUserText(command.text ?? ""),
      teamId: command.team_id,
      enterpriseId: command.enterprise_id,
      userId: command.user_id,
      userName: command.user_name,
      teamDomain: command.team_domain,
      channelId: command.channel_id,
      responseUrl: command.response_url,
      // A form the command opens is shown with it (views.open), within 3 seconds of Slack sending it.
      triggerId: command.trigger_id,
    });
    // A refused command is answered in the acknowledgement itself: it cost the database nothing.
    await (outcome === "busy" ? ack(busy()) : ack());
  });

  app.action<BlockAction<SlackButton>>(new RegExp(`^${ACTION_ID_PREFIX.replace(/\./g, "\\.")}\\d+$`), async ({ ack, body, action, respond }) => {
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    // A press on the App Home tab comes from a view, with no response_url: its answer is the Home itself,
    // published again after the work (slack.inbox.ts). Other views (modals) are not served here.
    const homeView = body.container?.type === "view" && body.view?.type === "home" ? body.view.id : undefined;
    if (!body.response_url && !homeView) {
      await ack();
      return log.warn({ action: action.action_id }, "button press without a response_url ignored");
    }
    const key = slackDeliveryKey(teamId, body) ?? `slack:${teamId}:${randomUUID()}`;
    const outcome = await record(key, {
      kind: "press",
      value: action.value ?? "",
      teamId,
      enterpriseId: body.enterprise?.id ?? body.team?.enterprise_id,
      userId: body.user.id,
      userName: body.user.username ?? body.user.name,
      teamDomain: body.team?.domain,
      channelId: body.channel?.id ?? body.container?.channel_id,
      responseUrl: body.response_url,
      ...(homeView ? { homeViewId: homeView } : {}),
      triggerId: body.trigger_id,
    });
    await ack();
    if (outcome !== "busy") return;
    // From the Home there is nothing to reply on: the press is simply not taken, and the Home is unchanged.
    if (homeView) return log.warn({ user: body.user.id }, "Home press refused: the inbox is full");
    await respond({ ...busy(), replace_original: false }).catch((error: unknown) => log.warn({ err: error }, "could not tell a presser to try again"));
  });
}
