import type { App, BlockAction, ButtonAction as SlackButton, RespondFn, webApi } from "@slack/bolt";
import { IANAZone } from "luxon";
import type { CallerKey, MemberRepo } from "../../domain/members/member.repo.js";
import type { WorkspaceRepo } from "../../domain/members/workspace.repo.js";
import { languageFromTag } from "../../domain/settings/language.js";
import type { Logger } from "../../log.js";
import type { Dispatcher } from "../commands/dispatch.js";
import type { Translate } from "../render/i18n.js";
import type { Reply } from "../render/reply.js";
import { resolveMentions, slackCaller, slackDeliveryKey } from "./slack.caller.js";
import { ACTION_ID_PREFIX, escapeMrkdwn, renderSlack } from "./slack.render.js";
import { normalizeUserText } from "../user-text.js";

type WebClient = webApi.WebClient;

export type ListenerDeps = {
  dispatcher: Pick<Dispatcher, "handle" | "press" | "resolve">;
  members: Pick<MemberRepo, "findByIdentity">;
  workspaces?: Pick<WorkspaceRepo, "setMemberTimezone" | "setMemberLocale"> | undefined;
  log: Logger;
  t: Translate;
  /** Wraps each listener's work, so stop() can wait for what is in flight. */
  track: <T>(work: Promise<T>) => Promise<T>;
};

/**
 * The door's four jobs for slash commands and buttons: ack first (Slack gives 3 s, the database may be
 * slower), identify the caller, dispatch to the shared registry, render the reply through response_url.
 */
export function registerListeners(app: App, deps: ListenerDeps): void {
  const { dispatcher, members, workspaces, log, t, track } = deps;
  // One users.info per person per process at most: a profile without a tz or locale is not asked about again.
  const profileChecked = new Set<string>();

  /**
   * Takes the person's time zone and language from their Slack profile while they have none of their own
   * (first contact, in practice). A language Threadline doesn't speak is left to the workspace's. Never fails.
   */
  async function learnProfile(caller: CallerKey, client: WebClient): Promise<void> {
    const key = `${caller.externalWorkspaceId}:${caller.externalUserId}`;
    if (!workspaces || profileChecked.has(key)) return;
    try {
      const { member, workspace } = await dispatcher.resolve(caller);
      profileChecked.add(key);
      if (member.timezone && member.locale) return;
      const profile = (await client.users.info({ user: caller.externalUserId, include_locale: true })).user;
      const tz = profile?.tz;
      if (!member.timezone && tz && IANAZone.isValidZone(tz)) await workspaces.setMemberTimezone(workspace.id, member.id, tz);
      const language = languageFromTag(profile?.locale);
      if (!member.locale && language) await workspaces.setMemberLocale(workspace.id, member.id, language);
    } catch (error) {
      log.warn({ err: error, user: caller.externalUserId }, "could not learn the Slack user's time zone and language");
    }
  }

  /** A private reply only the caller sees (ephemeral); any other is posted for the channel. */
  async function answer(respond: RespondFn, reply: Reply) {
    await respond({ response_type: reply.private ? "ephemeral" : "in_channel", ...renderSlack(reply, t) });
  }

  app.use(async ({ context, body, next }) => {
    // A re-sent delivery (X-Slack-Retry-Num, Socket Mode retry_attempt) carries the first one's trigger or
    // event id, so the dispatcher answers it without redoing it; the log shows why it came twice.
    if (context.retryNum) {
      const kind = (body as { type?: string; command?: string }).type ?? (body as { command?: string }).command;
      log.info({ retryNum: context.retryNum, retryReason: context.retryReason, kind }, "Slack retry");
    }
    await next();
  });

  // Every slash command goes to the dispatcher, which knows them all (manifest.yml declares the same list).
  app.command(/^\/.+/, async ({ command, ack, respond, client }) => {
    await ack();
    await track(
      (async () => {
        const caller = slackCaller({
          teamId: command.team_id,
          userId: command.user_id,
          userName: command.user_name,
          teamDomain: command.team_domain,
          channelId: command.channel_id,
        });
        await learnProfile(caller, client);
        const text = await resolveMentions(normalizeUserText(command.text ?? ""), command.team_id, members);
        const reply = await dispatcher.handle(`${command.command} ${text}`, caller, {
          deliveryKey: slackDeliveryKey(command.team_id, command),
        });
        await answer(respond, reply);
        for (const file of reply.attachments ?? []) {
          // A repeated delivery gets the first answer back from the delivery log, where the bytes did not
          // survive JSON; the first delivery already posted the file, so a repeat posts no second copy.
          if (!(file.bytes instanceof Uint8Array)) continue;
          try {
            await client.filesUploadV2({ channel_id: command.channel_id, file: Buffer.from(file.bytes), filename: file.filename, title: file.filename });
          } catch (error) {
            log.warn({ err: error, channel: command.channel_id }, "file upload failed");
            await respond({ response_type: "ephemeral", text: escapeMrkdwn(t("slack.file_failed", { filename: file.filename })) });
          }
        }
      })().catch((error) => log.error({ err: error, command: command.command }, "slash command failed after ack")),
    );
  });

  app.action<BlockAction<SlackButton>>(new RegExp(`^${ACTION_ID_PREFIX.replace(/\./g, "\\.")}\\d+$`), async ({ ack, body, action, respond }) => {
    await ack();
    await track(
      (async () => {
        const teamId = body.team?.id ?? body.user.team_id ?? "";
        const caller = slackCaller({
          teamId,
          userId: body.user.id,
          userName: body.user.username ?? body.user.name,
          teamDomain: body.team?.domain,
          channelId: body.channel?.id ?? body.container?.channel_id,
        });
        if (!body.response_url) return log.warn({ action: action.action_id }, "button press without a response_url ignored");
        const result = await dispatcher.press(action.value ?? "", caller, { deliveryKey: slackDeliveryKey(teamId, body) });
        if (result.kind === "alert") {
          // Only the presser sees why; the message everyone sees stays as it was.
          await respond({ response_type: "ephemeral", replace_original: false, text: escapeMrkdwn(result.text) });
          return;
        }
        await respond({ replace_original: true, ...renderSlack(result.reply, t) });
        if (result.notice) await respond({ response_type: "ephemeral", replace_original: false, text: escapeMrkdwn(result.notice) });
      })().catch((error) => log.error({ err: error, action: action.action_id }, "button press failed after ack")),
    );
  });
}
