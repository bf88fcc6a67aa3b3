import { isolateLtr } from "../render/bidi.js";
import type { Translate } from "../render/i18n.js";
import type { HomeModel } from "./slack.home.model.js";
import { ACTION_ID_PREFIX, escapeMrkdwn, fit, type KnownBlock } from "./slack.render.js";

export type HomeView = { type: "home"; blocks: KnownBlock[] };

// Block Kit limits for a Home view (platform-facts A8): 100 blocks; a header's text 150, a section's 3000,
// a context element's 2000; a button's text 75 and value 2000; 25 buttons per actions block.
const LIMITS = { blocks: 100, header: 150, sectionText: 3000, contextText: 2000, buttonText: 75, buttonValue: 2000, buttons: 25 } as const;

const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text });
const plain = (text: string) => ({ type: "plain_text" as const, text, emoji: true });

/**
 * A Home model as a Slack Home view: a header per section, a section block per item with its buttons under
 * it, a context line for an empty section or for what did not fit. All text is escaped for mrkdwn (headers
 * and buttons are plain_text, which Slack never parses); a right-to-left reader's LTR tokens are isolated.
 * Button action ids are numbered across the whole view, so each is unique, and match the door's listener.
 */
export function renderHome(model: HomeModel, t: Translate): HomeView {
  const text = model.direction === "rtl" ? isolateLtr : (value: string) => value;
  const section = (value: string): KnownBlock => ({ type: "section", text: mrkdwn(fit(escapeMrkdwn(text(value)) || " ", LIMITS.sectionText)) });
  const context = (value: string): KnownBlock => ({ type: "context", elements: [mrkdwn(fit(escapeMrkdwn(text(value)) || " ", LIMITS.contextText))] });
  const header = (value: string): KnownBlock => ({ type: "header", text: plain(fit(text(value) || " ", LIMITS.header)) });

  let buttons = 0;
  const blocks: KnownBlock[] = [header(model.title)];
  if (model.notice) blocks.push(section(model.notice));
  for (const part of model.sections) {
    blocks.push({ type: "divider" }, header(part.heading));
    for (const item of part.items) {
      blocks.push(section(item.text));
      // A value over the limit cannot be shortened (it is a signed payload): such a button is left out.
      const elements = (item.actions ?? [])
        .filter((action) => action.id.length <= LIMITS.buttonValue)
        .slice(0, LIMITS.buttons)
        .map((action) => ({
          type: "button" as const,
          action_id: `${ACTION_ID_PREFIX}${buttons++}`,
          text: plain(fit(action.label || " ", LIMITS.buttonText)),
          value: action.id,
          ...(action.style ? { style: action.style } : {}),
        }));
      if (elements.length) blocks.push({ type: "actions", elements });
    }
    if (part.note) blocks.push(context(part.note));
  }
  const footer = model.footer ? [context(model.footer)] : [];
  // Sections are bounded upstream; should a Home still outgrow Slack's 100 blocks, it is cut with a note
  // rather than refused whole (Slack answers invalid_blocks and the person would see an old Home).
  const room = LIMITS.blocks - footer.length;
  const body = blocks.length > room ? [...blocks.slice(0, room - 1), context(t("slack.truncated"))] : blocks;
  return { type: "home", blocks: [...body, ...footer] };
}
