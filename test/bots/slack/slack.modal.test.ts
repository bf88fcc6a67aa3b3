import { describe, expect, it } from "vitest";
import { MAX_MODAL_ITEMS } from "../../../src/bots/forms/form.engine.js";
import { translator } from "../../../src/bots/render/i18n.js";
import type { FormView, FormViewField } from "../../../src/bots/render/reply.js";
import { ADD_ITEM_ACTION_ID, errorsForBlocks, fitPlain, itemsShown, renderModal, submittedValues } from "../../../src/bots/slack/slack.modal.js";
import { blockKitProblems } from "../../emulators/slack-limits.js";

const t = translator("en");

/** A form like /invoice new with `items` lines, every text as long as a person could make it. */
function invoiceView(items: number, text = (base: string) => base): FormView {
  const fields: FormViewField[] = [{ key: "customer", label: text("Customer"), kind: "text", optional: false, placeholder: text("Acme Corp") }];
  for (let index = 0; index < items; index++) {
    for (const part of ["description", "quantity", "price"]) {
      fields.push({
        key: `line.${index}.${part}`,
        label: text(part),
        kind: "text",
        optional: index > 0,
        ...(part === "description" ? { groupStart: text(`Line ${index + 1}`) } : {}),
      });
    }
  }
  fields.push({ key: "tax", label: text("Tax"), kind: "text", optional: true }, { key: "due", label: text("Due"), kind: "text", optional: true });
  return { title: text("New invoice"), submit: text("Save"), fields, token: "abc.def", group: { label: "Line", items } };
}

describe("a form as a Slack modal", () => {
  it("keys every input by its field and puts 'add a line' right after the last line", () => {
    const modal = renderModal(invoiceView(2), t);
    expect(modal).toMatchObject({ type: "modal", callback_id: "threadline.form", private_metadata: "abc.def", close: { text: "Cancel" } });
    const ids = modal.blocks.map((block) => ("block_id" in block ? block.block_id : block.type));
    expect(ids).toEqual([
      "customer",
      "header",
      "line.0.description",
      "line.0.quantity",
      "line.0.price",
      "header",
      "line.1.description",
      "line.1.quantity",
      "line.1.price",
      "threadline.form.more",
      "tax",
      "due",
    ]);
    expect(modal.blocks[9]).toMatchObject({ type: "actions", elements: [{ action_id: ADD_ITEM_ACTION_ID, text: { text: "+ Add Line 3" } }] });
    expect(itemsShown(modal.blocks)).toBe(2);
  });

  it(`stays within Slack's limits at ${MAX_MODAL_ITEMS} lines of the longest texts, and offers no more lines there`, () => {
    const long = (base: string) => `${base} ${"😀".repeat(1500)}`;
    const modal = renderModal(invoiceView(MAX_MODAL_ITEMS, long), t);
    expect(blockKitProblems(modal.blocks, { maxBlocks: 100 })).toEqual([]);
    expect(modal.blocks.length).toBeLessThanOrEqual(100);
    expect(modal.blocks.some((block) => block.type === "actions")).toBe(false);
    expect(itemsShown(modal.blocks)).toBe(MAX_MODAL_ITEMS);
    for (const text of [modal.title.text, modal.submit!.text]) {
      expect(text.length).toBeLessThanOrEqual(24);
      // Never half an emoji: a cut surrogate pair is not valid text.
      expect(text).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
  });

  it("cuts plain text at Slack's count without splitting a character", () => {
    expect(fitPlain("New invoice", 24)).toBe("New invoice");
    expect(fitPlain("abcdefghij😀xyz", 12)).toBe("abcdefghij…");
    expect(fitPlain("abcdefghijk😀", 12)).toBe("abcdefghijk…");
  });

  it("shows a choice as a select of the options Slack can carry, and as a typed field when none is left", () => {
    const view: FormView = {
      title: "New task",
      submit: "Save",
      token: "a.b",
      fields: [
        { key: "assignee", label: "Who", kind: "choice", optional: true, initial: "bob", choices: [{ value: "bob", label: "@bob" }, { value: "x".repeat(76), label: "too long to send back" }] },
        { key: "lead", label: "Which lead", kind: "choice", optional: true, choices: [] },
      ],
    };
    const [assignee, lead] = renderModal(view, t).blocks as Array<{ element: Record<string, any> }>;
    expect(assignee!.element).toMatchObject({ type: "static_select", options: [{ value: "bob", text: { text: "@bob" } }], initial_option: { value: "bob" } });
    expect(assignee!.element.options).toHaveLength(1);
    expect(lead!.element).toMatchObject({ type: "plain_text_input", multiline: false });
  });

  it("reads a submission's state by field key, empty fields and an unchosen select as empty text", () => {
    expect(
      submittedValues({
        customer: { answer: { type: "plain_text_input", value: "Acme" } },
        tax: { answer: { type: "plain_text_input", value: null } },
        assignee: { answer: { type: "static_select", selected_option: { value: "bob" } } },
        lead: { answer: { type: "static_select", selected_option: null } },
        other: { someone_elses: { type: "plain_text_input", value: "ignored" } },
      }),
    ).toEqual({ customer: "Acme", tax: "", assignee: "bob", lead: "" });
  });

  it("puts an error for a field the modal doesn't show on its first input, since Slack refuses unknown blocks", () => {
    const blocks = renderModal(invoiceView(1), t).blocks;
    expect(errorsForBlocks({ "line.0.quantity": "Not a number", "": "This form is closed." }, blocks)).toEqual({
      "line.0.quantity": "Not a number",
      customer: "This form is closed.",
    });
  });
});
