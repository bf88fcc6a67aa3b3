import type { Reply } from "../render/reply.js";

/** The reply model as terminal text; buttons become numbered choices the user answers by typing the number. */
export function renderConsole(r: Reply): string {
  const out: string[] = [];
  const mark = r.tone === "error" ? "! " : "";
  if (r.title) out.push(`${mark}${r.title}`);
  for (const field of r.fields ?? []) out.push(`  ${field.label}: ${field.value}`);
  for (const [index, line] of (r.lines ?? []).entries()) out.push(index === 0 && !r.title ? `${mark}${line}` : `  ${line}`);
  if (r.footer) out.push(`  (${r.footer})`);
  if (r.actions?.length) out.push(`  ${r.actions.map((action, index) => `[${index + 1}] ${action.label}`).join("  ")}`);
  return out.join("\n");
}
