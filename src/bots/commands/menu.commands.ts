import type { MessageKey } from "../render/messages.en.js";
import type { Reply } from "../render/reply.js";
import { button, defineAction, type PressResult } from "./actions.js";
import { defineCommand, noArgs, type CommandContext } from "./registry.js";

/**
 * Each section of the menu: its button's label and the command it stands for. A command that has a form
 * (`lead add`) opens that form, as the bare command does; the others run with the arguments given here, so a
 * button and the typed command always give the same reply.
 */
const SECTIONS = {
  "lead-new": { label: "menu.lead_new", line: "lead add", form: true },
  leads: { label: "menu.leads", line: "lead list", form: false },
  "task-new": { label: "menu.task_new", line: "task add", form: true },
  tasks: { label: "menu.tasks", line: "task list mine", form: false },
  "invoice-new": { label: "menu.invoice_new", line: "invoice new", form: true },
  invoices: { label: "menu.invoices", line: "invoice list", form: false },
} as const satisfies Record<string, { label: MessageKey; line: string; form: boolean }>;

type Section = keyof typeof SECTIONS;
const isSection = (id: string): id is Section => Object.hasOwn(SECTIONS, id);

const MENU_ACTION = "menu";

/** The menu: a button per section, signed like every button; the help texts stay one command away. */
export function menu(ctx: CommandContext): Reply {
  const { t } = ctx;
  const actions = (Object.keys(SECTIONS) as Section[]).map((id) => button(ctx, MENU_ACTION, id, t(SECTIONS[id].label)));
  return { title: t("menu.title"), lines: [t("menu.intro")], footer: t("menu.footer"), actions, tone: "info" };
}

export const crmMenu = defineCommand({
  name: "crm menu",
  usage: "/crm menu",
  example: "/crm menu",
  summary: "cmd.menu",
  args: noArgs,
  async run(_input, ctx) {
    return menu(ctx);
  },
});

/** The command a section stands for, run as if typed: its form's first question, or its reply. */
async function runSection(section: Section, ctx: CommandContext): Promise<Reply> {
  const { line, form } = SECTIONS[section];
  if (form && ctx.forms) return ctx.forms.open(line);
  const words = line.split(" ");
  const found = ctx.services.registry.match(words);
  if (!found) throw new Error(`the menu names an unknown command: ${line}`);
  const input = found.command.args.parse(words.slice(found.length).join(" "));
  return found.command.run(input, ctx);
}

/** A press on the menu: a new message under it (the menu stays, to press again). */
export const menuAction = defineAction({
  name: MENU_ACTION,
  async run(recordId, ctx): Promise<PressResult> {
    if (!isSection(recordId)) return { kind: "alert", text: ctx.t("action.invalid") };
    return { kind: "reply", reply: await runSection(recordId, ctx) };
  },
});
