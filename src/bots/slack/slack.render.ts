import type { types } from "@slack/bolt";
import { isolateReply } from "../render/bidi.js";
import { translator, type Translate } from "../render/i18n.js";
import { toPlainText, type Action, type Reply } from "../render/reply.js";

export type KnownBlock = types.KnownBlock;
export type SlackMessage = { text: string; blocks: KnownBlock[] };

/** Every button's action_id starts with this; the door listens for it, the index keeps ids unique. */
export const ACTION_ID_PREFIX = "tl.btn.";

// Block Kit limits (platform-facts A8). Slack refuses the whole message (invalid_blocks) past any of them,
// so the renderer cuts instead: a shortened reply beats none.
const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextText: 2000,
  buttonsPerActions: 25,
  buttonText: 75,
  buttonValue: 2000,
  fallbackText: 3000,
} as const;

/**
 * Makes user text inert in mrkdwn: Slack reads `<…>` as a mention, a channel-wide ping (`<!channel>`) or a
 * link, and `&` starts an entity, so these three are the only characters that must be escaped. Emphasis
 * markers (`*`, `_`, `~`) cannot be escaped in Slack; they can only style text, never ping or link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cuts escaped text to `max` characters with an ellipsis, never through the middle of an `&amp;` entity. */
export function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max - 1).replace(/&[a-z]{0,3}$/, "")}…`;
}

const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text });

/** Lines as few sections as possible, each under the section limit, breaking between lines. */
function lineSections(lines: string[]): KnownBlock[] {
  const sections: KnownBlock[] = [];
  let current = "";
  for (const line of lines.map((l) => fit(escapeMrkdwn(l) || " ", LIMITS.sectionText))) {
    if (current && current.length + 1 + line.length > LIMITS.sectionText) {
      sections.push({ type: "section", text: mrkdwn(current) });
      current = line;
    } else current = current ? `${current}\n${line}` : line;
  }
  if (current) sections.push({ type: "section", text: mrkdwn(current) });
  return sections;
}

function button(action: Action, index: number): types.Button {
  return {
    type: "button",
    action_id: `${ACTION_ID_PREFIX}${index}`,
    // Button text is plain_text: Slack never parses it for mentions, so it needs no escaping.
    text: { type: "plain_text", text: fit(action.label || " ", LIMITS.buttonText), emoji: true },
    value: action.id,
    ...(action.style ? { style: action.style } : {}),
  };
}

/**
 * The reply model as Block Kit: the title as a bold section, fields two-up in sections of at most ten, the
 * lines as sections, the footer as context, the actions as buttons; plus the plain `text` Slack shows in
 * notifications. All user text is escaped; a right-to-left reply has its left-to-right tokens isolated.
 */
export function renderSlack(original: Reply, t: Translate = translator("en")): SlackMessage {
  const reply = isolateReply(original);
  const blocks: KnownBlock[] = [];
  if (reply.title) blocks.push({ type: "section", text: mrkdwn(fit(`*${escapeMrkdwn(reply.title)}*`, LIMITS.sectionText)) });
  const fields = reply.fields ?? [];
  for (let i = 0; i < fields.length; i += LIMITS.fieldsPerSection) {
    blocks.push({
      type: "section",
      fields: fields
        .slice(i, i + LIMITS.fieldsPerSection)
        .map((field) => mrkdwn(fit(`*${escapeMrkdwn(field.label)}*\n${escapeMrkdwn(field.value) || " "}`, LIMITS.fieldText))),
    });
  }
  blocks.push(...lineSections(reply.lines ?? []));
  if (reply.footer) blocks.push({ type: "context", elements: [mrkdwn(fit(escapeMrkdwn(reply.footer), LIMITS.contextText))] });

  // A value over the limit cannot be shortened (it is a signed payload), so such a button is left out.
  const buttons = (reply.actions ?? []).flatMap((action, index) =>
    action.id.length <= LIMITS.buttonValue ? [button(action, index)] : [],
  );
  const actionBlocks: KnownBlock[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerActions) {
    actionBlocks.push({ type: "actions", elements: buttons.slice(i, i + LIMITS.buttonsPerActions) });
  }

  // Buttons are kept whole when the content is cut: they are what the reader acts on.
  const room = LIMITS.blocks - actionBlocks.length;
  const content =
    blocks.length > room
      ? [...blocks.slice(0, room - 1), { type: "context" as const, elements: [mrkdwn(escapeMrkdwn(t("slack.truncated")))] }]
      : blocks;
  const all = [...content, ...actionBlocks].slice(0, LIMITS.blocks);
  if (all.length === 0) all.push({ type: "section", text: mrkdwn(" ") });
  return { text: fit(escapeMrkdwn(toPlainText(reply)), LIMITS.fallbackText) || " ", blocks: all };
}
