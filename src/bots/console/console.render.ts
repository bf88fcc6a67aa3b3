import type { Reply } from "../render/reply.js";

/**
 * The reply model as terminal text; buttons become numbered choices the user answers by typing the number.
 * `firstButton` is the number of its first button (numbers run on across messages, see console.buttons.ts).
 */
export function renderConsole(r: Reply, firstButton = 1): string {
  const out: string[] = [];
  const mark = r.tone === "error" ? "! " : "";
  if (r.title) out.push(`${mark}${r.title}`);
  for (const field of r.fields ?? []) out.push(`  ${field.label}: ${field.value}`);
  for (const [index, line] of (r.lines ?? []).entries()) out.push(index === 0 && !r.title ? `${mark}${line}` : `  ${line}`);
  if (r.footer) out.push(`  (${r.footer})`);
  if (r.actions?.length) out.push(`  ${r.actions.map((action, index) => `[${firstButton + index}] ${action.label}`).join("  ")}`);
  return out.join("\n");
}
