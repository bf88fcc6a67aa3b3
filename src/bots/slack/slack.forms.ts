import type { App, BlockAction, MessageShortcut, ViewSubmitAction, webApi } from "@slack/bolt";
import { localeOf } from "../../domain/members/member.js";
import type { CallerKey } from "../../domain/members/member.repo.js";
import type { Logger } from "../../log.js";
import type { Dispatcher } from "../commands/dispatch.js";
import type { Submitted } from "../forms/form.engine.js";
import { translator, type Translate } from "../render/i18n.js";
import type { FormView } from "../render/reply.js";
import { slackCaller, type SlackWho } from "./slack.caller.js";
import type { SlackShortcutRequest, SlackSubmissionRequest } from "./slack.inbox.js";
import type { RecordDelivery } from "./slack.listeners.js";
import { ADD_ITEM_ACTION_ID, errorsForBlocks, FORM_CALLBACK_ID, itemsShown, renderModal, submittedValues } from "./slack.modal.js";

type WebClient = webApi.WebClient;

/** The message shortcut "Add to Threadline" (manifest: features.shortcuts, type message). */
export const CAPTURE_CALLBACK_ID = "threadline.capture";

/**
 * A link to a message, built from what the shortcut carries instead of asking chat.getPermalink (a network
 * call inside the 3 seconds the trigger lasts): Slack's own archive URL shape, with the thread for a reply.
 */
export function messagePermalink(teamDomain: string | undefined, channelId: string, ts: string, threadTs?: string): string | null {
  if (!teamDomain || !/^\d+\.\d+$/.test(ts)) return null;
  const base = `https://${teamDomain}.slack.com/archives/${channelId}/p${ts.replace(".", "")}`;
  return threadTs && threadTs !== ts ? `${base}?thread_ts=${threadTs}&cid=${channelId}` : base;
}

export type SlackFormDeps = {
  dispatcher: Pick<Dispatcher, "resolve" | "formView" | "checkForm">;
  client: WebClient;
  log: Logger;
};

/** Who acts in an interactive payload (a press in a modal, a submission, a shortcut), as slack.caller names them. */
export function interactiveWho(body: {
  team?: { id: string; domain?: string; enterprise_id?: string } | null;
  user: { id: string; name?: string; username?: string; team_id?: string };
  enterprise?: { id: string } | null;
}): SlackWho {
  return {
    teamId: body.team?.id ?? body.user.team_id ?? "",
    enterpriseId: body.enterprise?.id ?? body.team?.enterprise_id,
    userId: body.user.id,
    userName: body.user.username ?? body.user.name,
    teamDomain: body.team?.domain,
  };
}

/** The modals' words in the reader's language (the form's own texts already are; Cancel, "add a line" and errors too). */
export async function readerTranslator(dispatcher: Pick<Dispatcher, "resolve">, caller: CallerKey): Promise<Translate> {
  const { member, workspace } = await dispatcher.resolve(caller);
  return translator(localeOf(member, workspace));
}

/**
 * Opens a form as a modal with the trigger_id of the command or press that asked for it. Slack takes a
 * trigger for 3 seconds and once: false when it refused (expired_trigger_id, exchanged_trigger_id, a
 * network failure), and the caller then says in the chat how to fill it in instead.
 */
export async function openModal(deps: SlackFormDeps, caller: CallerKey, triggerId: string | undefined, form: FormView): Promise<boolean> {
  if (!triggerId) return false;
  try {
    const t = await readerTranslator(deps.dispatcher, caller);
    await deps.client.views.open({ trigger_id: triggerId, view: renderModal(form, t) });
    return true;
  } catch (error) {
    deps.log.warn({ err: error, user: caller.externalUserId }, "could not open a form's modal; answered with its text instead");
    return false;
  }
}

/**
 * The door's side of modals: "add a line" re-renders the form with one more item (views.update, the view's
 * hash so a newer view is never overwritten), and a submission is checked within Slack's 3 seconds (errors
 * shown on their fields, nothing written), then recorded in the inbox before the ack that closes the modal.
 * The inbox's work runs the form (slack.inbox.ts), so an acknowledged submission survives a crash.
 */
export function registerFormListeners(app: App, deps: SlackFormDeps & { record: RecordDelivery; t: Translate }): void {
  const { dispatcher, log, record, t } = deps;

  app.action<BlockAction>({ action_id: ADD_ITEM_ACTION_ID }, async ({ ack, body, client }) => {
    await ack();
    const view = body.view;
    if (!view) return;
    const caller = slackCaller(interactiveWho(body));
    try {
      const values = submittedValues(view.state.values);
      const form = await dispatcher.formView(view.private_metadata, caller, { items: itemsShown(view.blocks) + 1, values });
      if (!form) return log.warn({ view: view.id }, "'add a line' on a modal whose ticket is not valid ignored");
      const reader = await readerTranslator(dispatcher, caller);
      await client.views.update({ view_id: view.id, hash: view.hash, view: renderModal(form, reader) });
    } catch (error) {
      // hash_conflict: the view changed meanwhile (another press); the person presses again on the newer one.
      log.warn({ err: error, view: view.id }, "could not add an item to a modal");
    }
  });

  app.view<ViewSubmitAction>(FORM_CALLBACK_ID, async ({ ack, body, view }) => {
    const who = interactiveWho(body);
    const caller = slackCaller(who);
    const onFirstField = (text: string) => ack({ response_action: "errors", errors: errorsForBlocks({ "": text }, view.blocks) });
    const values: Submitted = submittedValues(view.state.values);
    let errors: Record<string, string> | null;
    try {
      errors = await dispatcher.checkForm(view.private_metadata, values, caller);
    } catch (error) {
      log.error({ err: error, view: view.id }, "could not check a submitted form; asked the person to try again");
      return onFirstField(t("inbox.busy"));
    }
    if (errors === null) return onFirstField((await readerTranslator(dispatcher, caller))("form.gone"));
    if (Object.keys(errors).length > 0) return ack({ response_action: "errors", errors: errorsForBlocks(errors, view.blocks) });
    // One submission of this view as it was shown: a second Submit of the same view (Slack's retry after a
    // slow ack, a double click) is the same delivery, answered once.
    const key = `slack:${who.teamId}:view:${view.id}:${view.hash}`;
    const request: SlackSubmissionRequest = { kind: "submission", ...who, token: view.private_metadata, values, viewId: view.id };
    const outcome = await record(key, request);
    if (outcome === "busy") return onFirstField(t("inbox.busy"));
    await ack();
  });

  // "Add to Threadline" on a message: recorded like a command (the capture form then opens from the inbox,
  // prefilled with the message), acknowledged at once.
  app.shortcut<MessageShortcut>({ callback_id: CAPTURE_CALLBACK_ID, type: "message_action" }, async ({ ack, shortcut, respond }) => {
    // No channel as the caller's origin: the capture's ticket then names none, and what it made is told to
    // the person in their DM, never in the channel (often one shared with the client whose message it was).
    const who = interactiveWho(shortcut);
    const message = shortcut.message;
    const request: SlackShortcutRequest = {
      kind: "shortcut",
      ...who,
      responseUrl: shortcut.response_url,
      triggerId: shortcut.trigger_id,
      text: typeof message.text === "string" ? message.text : "",
      // A person's message names them by id; a bot's or an integration's by its username.
      authorId: typeof message.user === "string" ? message.user : undefined,
      authorName: typeof message.username === "string" ? message.username : undefined,
      permalink: messagePermalink(who.teamDomain, shortcut.channel.id, message.ts, typeof message.thread_ts === "string" ? message.thread_ts : undefined) ?? undefined,
    };
    const outcome = await record(`slack:${who.teamId}:${shortcut.trigger_id}`, request);
    await ack();
    if (outcome === "busy") {
      await respond({ response_type: "ephemeral", text: t("inbox.busy") }).catch((error: unknown) => log.warn({ err: error }, "could not tell a shortcut's user to try again"));
    }
  });
}
