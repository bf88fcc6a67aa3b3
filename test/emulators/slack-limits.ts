/**
 * Block Kit limits as Slack enforces them (platform-facts A8): the emulator answers invalid_blocks when any is
 * broken, and the renderer's tests check every rendering against the same list.
 */
type Text = { type?: string; text?: string };
type Element = { type?: string; action_id?: string; value?: string; text?: Text };
type Option = { text?: Text; value?: string };
type InputElement = Element & {
  placeholder?: Text;
  initial_value?: string;
  max_length?: number;
  options?: Option[];
  initial_option?: Option;
};
type Block = {
  type?: string;
  block_id?: string;
  text?: Text;
  fields?: Text[];
  elements?: Element[];
  label?: Text;
  hint?: Text;
  element?: InputElement;
  optional?: unknown;
};

/** The input elements a modal's input block may hold that Threadline's forms use (plain text, a select). */
const INPUT_ELEMENTS = new Set(["plain_text_input", "static_select"]);

/** An input block (modals only): a plain_text label and hint, one element with its own limits (A8). */
function inputProblems(block: Block, at: string): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => ok || problems.push(problem);
  const label = block.label?.text ?? "";
  check(block.label?.type === "plain_text" && label.length >= 1 && label.length <= 2000, `${at}: label must be plain_text of 1-2000`);
  if (block.hint) check(block.hint.type === "plain_text" && (block.hint.text?.length ?? 0) <= 2000, `${at}: hint must be plain_text of at most 2000`);
  if (block.optional !== undefined) check(typeof block.optional === "boolean", `${at}: optional must be a boolean`);
  const element = block.element;
  if (!element) return [...problems, `${at}: input without an element`];
  check(INPUT_ELEMENTS.has(element.type ?? ""), `${at}: unknown input element ${element.type}`);
  check((element.action_id?.length ?? 0) <= 255, `${at}: action_id over 255`);
  if (element.placeholder) {
    check(element.placeholder.type === "plain_text" && (element.placeholder.text?.length ?? 0) <= 150, `${at}: placeholder must be plain_text of at most 150`);
  }
  if (element.type === "plain_text_input") {
    const max = element.max_length ?? 3000;
    check(max >= 1 && max <= 3000, `${at}: max_length ${max} (1-3000)`);
    check((element.initial_value?.length ?? 0) <= max, `${at}: initial_value longer than max_length`);
  }
  if (element.type === "static_select") {
    const options = element.options ?? [];
    check(options.length >= 1 && options.length <= 100, `${at}: static_select needs 1-100 options`);
    for (const option of [...options, ...(element.initial_option ? [element.initial_option] : [])]) {
      const text = option.text?.text ?? "";
      check(option.text?.type === "plain_text" && text.length >= 1 && text.length <= 75, `${at}: option text length ${text.length} (1-75)`);
      check((option.value?.length ?? 0) >= 1 && (option.value?.length ?? 0) <= 75, `${at}: option value length (1-75)`);
    }
    if (element.initial_option) check(options.some((option) => option.value === element.initial_option!.value), `${at}: initial_option is not one of the options`);
  }
  return problems;
}

export function blockKitProblems(blocks: unknown, { maxBlocks = 50 } = {}): string[] {
  if (!Array.isArray(blocks)) return ["blocks is not an array"];
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => ok || problems.push(problem);
  check(blocks.length <= maxBlocks, `${blocks.length} blocks (max ${maxBlocks})`);
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  for (const [index, block] of (blocks as Block[]).entries()) {
    const at = `block ${index} (${block.type})`;
    if (block.block_id) {
      check(block.block_id.length <= 255, `${at}: block_id over 255`);
      check(!blockIds.has(block.block_id), `${at}: duplicate block_id`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case "section": {
        check(Boolean(block.text || block.fields?.length), `${at}: section without text or fields`);
        if (block.text) {
          const length = block.text.text?.length ?? 0;
          check(length >= 1 && length <= 3000, `${at}: text length ${length} (1-3000)`);
        }
        if (block.fields) {
          check(block.fields.length <= 10, `${at}: ${block.fields.length} fields (max 10)`);
          for (const field of block.fields) {
            const length = field.text?.length ?? 0;
            check(length >= 1 && length <= 2000, `${at}: field length ${length} (1-2000)`);
          }
        }
        break;
      }
      case "header":
        check((block.text?.text?.length ?? 0) <= 150, `${at}: header over 150`);
        check(block.text?.type === "plain_text", `${at}: header text must be plain_text`);
        break;
      case "context":
        check((block.elements?.length ?? 0) >= 1 && (block.elements?.length ?? 0) <= 10, `${at}: context needs 1-10 elements`);
        break;
      case "actions":
        check((block.elements?.length ?? 0) >= 1 && (block.elements?.length ?? 0) <= 25, `${at}: actions needs 1-25 elements`);
        for (const element of block.elements ?? []) {
          if (element.type !== "button") continue;
          const label = element.text?.text ?? "";
          check(element.text?.type === "plain_text", `${at}: button text must be plain_text`);
          check(label.length >= 1 && label.length <= 75, `${at}: button text length ${label.length} (1-75)`);
          check((element.action_id?.length ?? 0) <= 255, `${at}: action_id over 255`);
          check((element.value?.length ?? 0) <= 2000, `${at}: button value over 2000`);
          if (element.action_id) {
            check(!actionIds.has(element.action_id), `${at}: duplicate action_id ${element.action_id}`);
            actionIds.add(element.action_id);
          }
        }
        break;
      case "input":
        problems.push(...inputProblems(block, at));
        break;
      case "divider":
      case "image":
      case "rich_text":
      case "markdown":
        break;
      default:
        problems.push(`${at}: unknown block type`);
    }
  }
  return problems;
}
