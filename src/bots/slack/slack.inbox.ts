import type { webApi } from "@slack/bolt";
import { IANAZone } from "luxon";
import type { CallerKey, MemberRepo } from "../../domain/members/member.repo.js";
import type { WorkspaceRepo } from "../../domain/members/workspace.repo.js";
import type { Clock } from "../../domain/shared/clock.js";
import { languageFromTag } from "../../domain/settings/language.js";
import type { Logger } from "../../log.js";
import type { PressResult } from "../commands/actions.js";
import type { Dispatcher } from "../commands/dispatch.js";
import type { Submitted } from "../forms/form.engine.js";
import { openTicket } from "../forms/form-token.js";
import type { InboxEntry } from "../inbox/inbox.js";
import type { InboxHandler, InboxWorker } from "../inbox/inbox.worker.js";
import { replyRow } from "../inbox/reply-rows.js";
import type { Translate } from "../render/i18n.js";
import type { Reply } from "../render/reply.js";
import { resolveMentions, slackCaller, type SlackWho } from "./slack.caller.js";
import type { SlackHome } from "./slack.home.js";
import { openModal } from "./slack.forms.js";
import { escapeMrkdwn, renderSlack } from "./slack.render.js";
import { postJson } from "../http-post.js";

type WebClient = webApi.WebClient;

/** Who sent a Slack delivery and where it came from, as the inbox keeps it. */
type SlackOrigin = SlackWho & {
  /** Where the answer goes while it is valid (30 minutes, 5 uses). */
  responseUrl?: string | undefined;
  /** Opens a modal (a form the answer is) for 3 seconds after Slack sent it, once. */
  triggerId?: string | undefined;
};

export type SlackCommandRequest = SlackOrigin & { kind: "command"; command: string; text: string };
export type SlackPressRequest = SlackOrigin & {
  kind: "press";
  value: string;
  /** Pressed on the person's App Home tab (this view): no response_url; the Home is published again instead. */
  homeViewId?: string | undefined;
};
/**
 * A modal form submitted and checked: its signed ticket (private_metadata) and answers by field key. A view
 * has no channel and no response_url: the answer goes to the chat the ticket names, through the outbox.
 */
export type SlackSubmissionRequest = SlackWho & { kind: "submission"; token: string; values: Submitted; viewId: string };
/**
 * "Add to Threadline" on a message: the capture form opens (a modal) prefilled with the message, who wrote
 * it and a link to it.
 */
export type SlackShortcutRequest = SlackOrigin & {
  kind: "shortcut";
  text: string;
  authorId?: string | undefined;
  authorName?: string | undefined;
  permalink?: string | undefined;
};
export type SlackRequest = SlackCommandRequest | SlackPressRequest | SlackSubmissionRequest | SlackShortcutRequest;
/** A request answered on its response_url while that is valid. */
type ChatRequest = SlackCommandRequest | SlackPressRequest | SlackShortcutRequest;

/** The form a command's reply or a press's result asks to open as a modal, if any. */
export const formOf = (value: Reply | PressResult) => ("kind" in value ? (value.kind === "reply" ? value.reply.form : undefined) : value.form);

/** A response_url takes answers for 30 minutes; a minute is kept in hand for the request in flight. */
const RESPONSE_URL_MS = 29 * 60_000;
const RESPONSE_TIMEOUT_MS = 10_000;

export type SlackInboxDeps = {
  dispatcher: Pick<Dispatcher, "handle" | "press" | "resolve" | "formView" | "checkForm" | "submitForm" | "capture">;
  members: Pick<MemberRepo, "findByIdentity">;
  workspaces?: Pick<WorkspaceRepo, "setMemberTimezone" | "setMemberLocale"> | undefined;
  inbox: Pick<InboxWorker, "answered" | "answerLater" | "wakeOutbox">;
  client: WebClient;
  clock: Clock;
  log: Logger;
  t: Translate;
  /** The App Home: published again after a press on it, and refreshed after other changes its owner makes. */
  home?: Pick<SlackHome, "publish" | "refreshIfShown"> | undefined;
};

/** POSTs a message to a response_url, which Slack lets us use without a token. */
async function respondTo(url: string, body: object): Promise<void> {
  const status = await postJson(url, body, RESPONSE_TIMEOUT_MS);
  if (status < 200 || status > 299) throw new Error(`response_url answered ${status}`);
}

/**
 * The work of a Slack command or button press, from the inbox: identify the caller, dispatch, answer.
 * While the response_url is valid the answer goes there after the commit; after that (an entry resumed
 * late) it goes through the outbox, to the channel or, for a private answer, to the person's DM.
 */
export function slackInboxHandler(deps: SlackInboxDeps): InboxHandler {
  const { dispatcher, members, workspaces, inbox, client, clock, log, t, home } = deps;
  // One users.info per person per process at most: a profile without a tz or locale is not asked about again.
  const profileChecked = new Set<string>();

  /**
   * Takes the person's time zone and language from their Slack profile while they have none of their own
   * (first contact, in practice). A language Threadline doesn't speak is left to the workspace's. Never fails.
   */
  async function learnProfile(caller: CallerKey): Promise<void> {
    // A member per workspace: an Enterprise Grid person has one in each team's workspace they use.
    const key = `${caller.externalChatId}:${caller.externalWorkspaceId}:${caller.externalUserId}`;
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

  const callerOf = (request: SlackRequest) => slackCaller(request);

  /** @handles for the Slack users a command mentions, as members of the workspace the command acts in. */
  const memberOf = (caller: CallerKey) => async (userId: string) => {
    const { workspace } = await dispatcher.resolve(caller);
    return members.findByIdentity(workspace.id, { platform: "slack", externalWorkspaceId: caller.externalWorkspaceId, externalUserId: userId });
  };
  const urlValid = (entry: InboxEntry, request: SlackRequest) =>
    request.kind !== "submission" && Boolean(request.responseUrl) && clock.now().diff(entry.receivedAt).toMillis() < RESPONSE_URL_MS;
  /** Entries whose form this process opened as a modal: a repeat of one opens nothing and says nothing. */
  const modalsOpened = new Set<string>();

  /** Where an answer goes once the response_url is gone: the channel, or the person's DM when it is private. */
  const chatFor = (request: SlackWho, isPrivate: boolean) => ({
    platform: "slack" as const,
    chatId: isPrivate || !request.channelId ? request.userId : request.channelId,
  });

  function commandRows(request: ChatRequest, reply: Reply) {
    return [replyRow(chatFor(request, Boolean(reply.private)), reply, clock.now())];
  }

  function pressRows(request: ChatRequest, result: PressResult) {
    const reply: Reply = result.kind === "alert" ? { lines: [result.text], tone: "error", private: true } : result.reply;
    return [replyRow(chatFor(request, Boolean(reply.private)), reply, clock.now())];
  }

  /**
   * A Home press is answered by the Home itself, published again after the commit; Slack has no ephemeral
   * message outside a channel, so a refusal (and a notice, or a new message such as a form's) also goes to
   * the person's DM through the outbox, written in the press's own transaction: it arrives even if the
   * publish fails.
   */
  function homePressRows(request: SlackRequest, result: PressResult) {
    const dm = chatFor(request, true);
    // A form opens as a modal with the press's trigger after the commit; if it can't, the Home says why.
    if (result.kind === "reply" && result.reply.form && request.kind === "press" && request.triggerId) return [];
    if (result.kind === "reply") return [replyRow(dm, result.reply, clock.now())];
    const text = result.kind === "alert" ? result.text : result.notice;
    return text ? [replyRow(dm, { lines: [text], tone: result.kind === "alert" ? "error" : "info", private: true }, clock.now())] : [];
  }

  /** What the Home says above its sections after a press: why nothing changed, or what was sent to the DM. */
  const homeNotice = (result: PressResult) =>
    result.kind === "alert" ? result.text : result.kind === "reply" ? (result.reply.lines ?? []).join("\n") || undefined : undefined;

  async function answerCommand(request: ChatRequest, reply: Reply) {
    const url = request.responseUrl!;
    await respondTo(url, { response_type: reply.private ? "ephemeral" : "in_channel", ...renderSlack(reply, t) });
    for (const file of reply.attachments ?? []) {
      // A repeat is answered from the inbox, where the bytes were not kept: the first answer posted the file.
      if (!(file.bytes instanceof Uint8Array)) continue;
      try {
        await client.filesUploadV2({ channel_id: request.channelId!, file: Buffer.from(file.bytes), filename: file.filename, title: file.filename });
      } catch (error) {
        log.warn({ err: error, channel: request.channelId }, "file upload failed");
        await respondTo(url, { response_type: "ephemeral", text: escapeMrkdwn(t("slack.file_failed", { filename: file.filename })) });
      }
    }
  }

  async function answerPress(request: ChatRequest, result: PressResult) {
    const url = request.responseUrl!;
    if (result.kind === "alert") {
      // Only the presser sees why; the message everyone sees stays as it was.
      await respondTo(url, { response_type: "ephemeral", replace_original: false, text: escapeMrkdwn(result.text) });
      return;
    }
    if (result.kind === "reply") {
      // A new message under the pressed one (a form's next question), which stays as it was.
      await respondTo(url, { response_type: result.reply.private ? "ephemeral" : "in_channel", replace_original: false, ...renderSlack(result.reply, t) });
      return;
    }
    await respondTo(url, { replace_original: true, ...renderSlack(result.reply, t) });
    if (result.notice) await respondTo(url, { response_type: "ephemeral", replace_original: false, text: escapeMrkdwn(result.notice) });
  }

  async function answer(entry: InboxEntry, request: ChatRequest, value: Reply | PressResult) {
    try {
      if (request.kind === "press") await answerPress(request, value as PressResult);
      else await answerCommand(request, value as Reply);
      inbox.answered(entry.key);
    } catch (error) {
      // Left 'done': the inbox's next look at it answers again (at least once), through the outbox if need be.
      log.warn({ err: error, key: entry.key }, "could not answer on Slack's response_url");
    }
  }

  /**
   * Answers a command or press: a form it asks for opens as a modal with the request's trigger_id, right
   * after the work committed; where Slack refuses (the 3 seconds passed), the reply's own lines say how to
   * fill it in instead, so nobody is left with nothing.
   */
  async function answerOrOpen(entry: InboxEntry, request: ChatRequest, caller: CallerKey, value: Reply | PressResult) {
    const form = formOf(value);
    if (form && (await openModal({ dispatcher, client, log }, caller, request.triggerId, form))) {
      modalsOpened.add(entry.key);
      inbox.answered(entry.key);
      return;
    }
    await answer(entry, request, value);
  }

  /**
   * Who wrote a captured message, by name: a bot's username as given, else the person's Slack profile name
   * (users.info; their id when Slack can't say).
   */
  async function authorOf(request: SlackShortcutRequest): Promise<string | undefined> {
    if (request.authorName) return request.authorName;
    if (!request.authorId) return undefined;
    try {
      const user = (await client.users.info({ user: request.authorId })).user;
      return user?.profile?.display_name || user?.real_name || user?.name || request.authorId;
    } catch (error) {
      log.warn({ err: error, user: request.authorId }, "could not look up a captured message's author");
      return request.authorId;
    }
  }

  /**
   * A checked modal submission: the form's command runs once per delivery, and its reply goes to the chat
   * the form was opened from (the ticket's, read with the workspace's key, as the dispatcher reads it), or
   * to the person's DM when it is private or the ticket names no chat. Always through the outbox, written in
   * the work's own transaction: a view has no response_url.
   */
  async function submit(entry: InboxEntry, request: SlackSubmissionRequest) {
    const { workspace } = await dispatcher.resolve(callerOf(request));
    const chatId = openTicket(workspace.actionKey, request.token)?.chatId ?? undefined;
    const from: SlackWho = { ...request, channelId: chatId };
    await dispatcher.submitForm(request.token, request.values, slackCaller(from), {
      deliveryKey: entry.key,
      answer: (reply) => [replyRow(chatFor(from, Boolean(reply.private)), reply, clock.now())],
    });
    inbox.wakeOutbox();
  }

  return {
    async work(entry) {
      const request = entry.request as SlackRequest;
      if (request.kind === "submission") return submit(entry, request);
      const caller = callerOf(request);
      const viaUrl = urlValid(entry, request);
      if (request.kind === "shortcut") {
        const author = await authorOf(request);
        const text = [author ? t("slack.capture.said", { author, text: request.text }) : request.text, request.permalink ?? ""].filter(Boolean).join("\n");
        const reply = await dispatcher.capture(text, caller, { deliveryKey: entry.key, answer: viaUrl ? undefined : (value) => commandRows(request, value) }, author);
        if (viaUrl) await answerOrOpen(entry, request, caller, reply);
        else inbox.wakeOutbox();
      } else if (request.kind === "command") {
        await learnProfile(caller);
        const text = await resolveMentions(request.text ?? "", memberOf(caller));
        const reply = await dispatcher.handle(`${request.command} ${text}`, caller, {
          deliveryKey: entry.key,
          answer: viaUrl ? undefined : (value) => commandRows(request, value),
        });
        if (viaUrl) await answerOrOpen(entry, request, caller, reply);
        else inbox.wakeOutbox();
        await home?.refreshIfShown(request);
      } else if (request.homeViewId) {
        const result = await dispatcher.press(request.value, caller, { deliveryKey: entry.key, answer: (value) => homePressRows(request, value) });
        inbox.wakeOutbox();
        const form = result.kind === "reply" && result.reply.form && request.triggerId ? result.reply.form : null;
        const opened = form !== null && (await openModal({ dispatcher, client, log }, caller, request.triggerId, form));
        // The alert shows at the top of the Home too, where the person pressed (nothing, once a modal opened).
        await home?.publish(request, opened ? undefined : homeNotice(result));
      } else {
        const result = await dispatcher.press(request.value, caller, {
          deliveryKey: entry.key,
          answer: viaUrl ? undefined : (value) => pressRows(request, value),
        });
        if (viaUrl) await answerOrOpen(entry, request, caller, result);
        else inbox.wakeOutbox();
        await home?.refreshIfShown(request);
      }
    },

    async repeat(entry) {
      const request = entry.request as SlackRequest;
      // A submission's answer was written with its work, as outbox rows: nothing is left to answer.
      if (entry.reply === null || entry.reply === undefined || request.kind === "submission") return;
      // A form is never opened twice: its trigger_id is spent. Once it opened, a repeat says nothing more;
      // otherwise the repeat answers with the reply's lines, which say how to fill it in.
      if (formOf(entry.reply as Reply | PressResult) && (modalsOpened.has(entry.key) || entry.state === "answered")) return;
      if (urlValid(entry, request)) return answer(entry, request, entry.reply as Reply | PressResult);
      if (!entry.workspaceId || entry.state !== "done") return;
      // Too late for the response_url, and the first answer was never confirmed: the outbox carries it.
      const rows = request.kind === "press" ? pressRows(request, entry.reply as PressResult) : commandRows(request, entry.reply as Reply);
      await inbox.answerLater(entry.key, entry.workspaceId, rows);
    },
  };
}
