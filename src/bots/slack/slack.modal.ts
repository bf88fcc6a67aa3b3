import type { types } from "@slack/bolt";
import { MAX_MODAL_ITEMS, type Submitted } from "../forms/form.engine.js";
import type { Translate } from "../render/i18n.js";
import type { FormView, FormViewField } from "../render/reply.js";

/**
 * A form shown whole, as a Slack modal: one input block per field, keyed by the field's key (block_id), so
 * what Slack sends back (state.values, and our response_action errors) is keyed the way the dispatcher's
 * checkForm and submitForm read it. The view's signed ticket rides in private_metadata. Pure: no Slack call.
 */

/** The modal's callback_id: the door's view_submission listener answers every form with it. */
export const FORM_CALLBACK_ID = "threadline.form";
/** Every field's element has this action_id; the field is told apart by its block_id. */
export const FIELD_ACTION_ID = "answer";
/** The "add a line" button of a form with a repeated group. */
export const ADD_ITEM_ACTION_ID = "threadline.form.add_item";
const ADD_ITEM_BLOCK_ID = "threadline.form.more";

// Block Kit limits for modals (platform-facts A8). Slack refuses the whole view past any of them
// (invalid_arguments), so text is cut instead; identifiers that cannot be cut are left out.
const LIMITS = {
  blocks: 100,
  title: 24,
  button: 24,
  label: 2000,
  placeholder: 150,
  header: 150,
  input: 3000,
  options: 100,
  optionText: 75,
  optionValue: 75,
  privateMetadata: 3000,
} as const;

export type ModalView = types.ModalView & { type: "modal"; callback_id: string; private_metadata: string };

/**
 * Cuts plain text to `max` UTF-16 units (Slack's count) with an ellipsis, never between the two halves of a
 * surrogate pair (an emoji, a rare CJK character). plain_text is never parsed, so nothing needs escaping.
 */
export function fitPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return `${cut}…`;
}

const plain = (text: string, max: number) => ({ type: "plain_text" as const, text: fitPlain(text || " ", max), emoji: true });

/** A repeated group's item field: "line.2.quantity" (the form engine's key scheme). */
const ITEM_KEY = /^[^.]+\.(\d+)\.[^.]+$/;

function element(field: FormViewField): types.InputBlock["element"] {
  const placeholder = field.placeholder ? { placeholder: plain(field.placeholder, LIMITS.placeholder) } : {};
  // An option's value goes back to the form as the answer, so one over the limit can't be cut: it is left out.
  const options = (field.choices ?? [])
    .filter((choice) => choice.value.length >= 1 && choice.value.length <= LIMITS.optionValue)
    .slice(0, LIMITS.options)
    .map((choice) => ({ text: plain(choice.label, LIMITS.optionText), value: choice.value }));
  if (field.kind === "choice" && options.length > 0) {
    const initial = options.find((option) => option.value === field.initial);
    return { type: "static_select", action_id: FIELD_ACTION_ID, options, ...placeholder, ...(initial ? { initial_option: initial } : {}) };
  }
  // A choice with nothing to choose from is typed instead (Slack refuses a select without options).
  return {
    type: "plain_text_input",
    action_id: FIELD_ACTION_ID,
    multiline: field.kind === "multiline",
    max_length: LIMITS.input,
    ...placeholder,
    ...(field.initial ? { initial_value: fitPlain(field.initial, LIMITS.input) } : {}),
  };
}

const input = (field: FormViewField): types.InputBlock => ({
  type: "input",
  block_id: field.key,
  optional: field.optional,
  label: plain(field.label, LIMITS.label),
  element: element(field),
});

/**
 * The FormView as a modal. Items of a repeated group (invoice lines) are headed by their `groupStart` text
 * and followed by an "add" button while more fit; headers are the first thing dropped if the blocks would
 * pass Slack's 100 (the form engine caps items so the inputs themselves always fit). `t` is the reader's.
 */
export function renderModal(view: FormView, t: Translate): ModalView {
  const inputs = view.fields.map(input);
  const headers = view.fields.filter((field) => field.groupStart).length;
  const more = view.group && view.group.items < MAX_MODAL_ITEMS ? 1 : 0;
  const withHeaders = inputs.length + headers + more <= LIMITS.blocks;
  const lastItem = view.fields.reduce((last, field, index) => (ITEM_KEY.test(field.key) ? index : last), -1);

  const blocks: types.KnownBlock[] = [];
  view.fields.forEach((field, index) => {
    if (field.groupStart && withHeaders) blocks.push({ type: "header", text: plain(field.groupStart, LIMITS.header) });
    blocks.push(inputs[index]!);
    if (more && index === (lastItem === -1 ? view.fields.length - 1 : lastItem)) {
      const next = t("form.item_heading", { label: view.group!.label, number: view.group!.items + 1 });
      blocks.push({
        type: "actions",
        block_id: ADD_ITEM_BLOCK_ID,
        elements: [{ type: "button", action_id: ADD_ITEM_ACTION_ID, text: plain(t("slack.form.add_item", { item: next }), 75), value: "add" }],
      });
    }
  });
  return {
    type: "modal",
    callback_id: FORM_CALLBACK_ID,
    // The ticket is a few hundred characters at most; one that did not fit would be refused by Slack whole.
    private_metadata: view.token,
    title: plain(view.title, LIMITS.title),
    submit: plain(view.submit, LIMITS.button),
    close: plain(t("form.nav.cancel"), LIMITS.button),
    blocks: blocks.slice(0, LIMITS.blocks),
  };
}

/** What a view_submission (or a press inside the modal) carries in view.state.values. */
export type ViewStateValues = Record<string, Record<string, { type?: string; value?: string | null; selected_option?: { value?: string } | null }>>;

/** The answers of a submitted modal by field key: a text field's text, a select's chosen value ("" when none). */
export function submittedValues(values: ViewStateValues): Submitted {
  const answers: Submitted = {};
  for (const [blockId, actions] of Object.entries(values)) {
    const action = actions[FIELD_ACTION_ID];
    if (!action) continue;
    answers[blockId] = action.type === "static_select" ? (action.selected_option?.value ?? "") : (action.value ?? "");
  }
  return answers;
}

/** How many items of the repeated group a modal shows now, read from its input blocks. */
export function itemsShown(blocks: ReadonlyArray<{ type?: string; block_id?: string }>): number {
  const indexes = new Set(blocks.flatMap((block) => (block.type === "input" && block.block_id ? [ITEM_KEY.exec(block.block_id)?.[1]] : [])).filter(Boolean));
  return indexes.size;
}

/**
 * Field errors as response_action "errors" takes them: each on its own input block. Slack refuses an errors
 * object naming a block the view doesn't have, so such a problem is moved to the first input instead.
 */
export function errorsForBlocks(errors: Record<string, string>, blocks: ReadonlyArray<{ type?: string; block_id?: string }>): Record<string, string> {
  const inputIds = blocks.flatMap((block) => (block.type === "input" && block.block_id ? [block.block_id] : []));
  const placed: Record<string, string> = {};
  for (const [key, text] of Object.entries(errors)) {
    const target = inputIds.includes(key) ? key : inputIds[0];
    if (!target) continue;
    placed[target] = fitPlain(placed[target] ? `${placed[target]} ${text}` : text, LIMITS.label);
  }
  return placed;
}
