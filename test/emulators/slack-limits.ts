/**
 * Block Kit limits as Slack enforces them (platform-facts A8): the emulator answers invalid_blocks when any is
 * broken, and the renderer's tests check every rendering against the same list.
 */
type Text = { type?: string; text?: string };
type Element = { type?: string; action_id?: string; value?: string; text?: Text };
type Block = { type?: string; block_id?: string; text?: Text; fields?: Text[]; elements?: Element[] };

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
      case "divider":
      case "image":
      case "input":
      case "rich_text":
      case "markdown":
        break;
      default:
        problems.push(`${at}: unknown block type`);
    }
  }
  return problems;
}
