import type { HomeInvoice, OpenRound, StageLeads } from "../../domain/home/home.repo.js";
import type { HomeOverview } from "../../domain/home/home.use-cases.js";
import { daysBetween, type CalendarDate } from "../../domain/invoices/invoice.js";
import type { Task } from "../../domain/tasks/task.js";
import { button } from "../commands/actions.js";
import type { CommandContext } from "../commands/registry.js";
import { taskDue } from "../commands/task.commands.js";
import { isRightToLeft } from "../../domain/settings/language.js";
import { languageOf, type Translate } from "../render/i18n.js";
import { refText } from "../render/invoice.view.js";
import type { Action } from "../render/reply.js";

/**
 * A person's Home as data, independent of Block Kit: a title, an optional notice (why their last press
 * changed nothing), sections of items with the same signed buttons the messages carry, and a footer. Every
 * string is plain text in the reader's language, like a Reply's; the renderer escapes and isolates it.
 */
export type HomeItem = { text: string; actions?: Action[] };
export type HomeSection = { heading: string; items: HomeItem[]; /** One line: the section is empty, or has more than shown. */ note?: string };
export type HomeModel = {
  title: string;
  /** A line above the sections: why the reader's last press changed nothing, or how to begin. */
  notice?: string;
  sections: HomeSection[];
  footer?: string;
  /** Set for a right-to-left reader, as on a Reply. */
  direction?: "rtl";
};

/** The model marked with its reader's writing direction, as forReader marks a Reply. */
const forReader = (model: HomeModel, locale: string): HomeModel => (isRightToLeft(languageOf(locale)) ? { ...model, direction: "rtl" } : model);

const more = (t: Translate, total: number, shown: number, command: string) =>
  total > shown ? t("home.more", { count: total - shown, command }) : undefined;

function taskItem(task: Task, ctx: CommandContext): HomeItem {
  return {
    text: ctx.t("home.task.row", { number: task.number, title: task.title, due: taskDue(task, ctx) }),
    actions: [button(ctx, "task.done", task.id, ctx.t("task.button.done"), "primary")],
  };
}

function stageItem({ stage, count, top }: StageLeads, { t, fmt }: CommandContext): HomeItem {
  const rows = top.map((lead) =>
    t("home.lead.row", { number: lead.number, title: lead.title, value: lead.value ? fmt.money(lead.value) : t("lead.no_value") }),
  );
  return { text: [t("home.leads.stage", { stage: t(`stage.${stage}`), count }), ...rows].join("\n") };
}

const total = (invoice: HomeInvoice, ctx: CommandContext, minor = invoice.totalMinor) => ctx.fmt.money({ minor, currency: invoice.currency });

function approvalItem({ roundId, invoice }: OpenRound, ctx: CommandContext): HomeItem {
  const { t } = ctx;
  return {
    text: t("home.approval.row", { ref: refText(invoice, ctx), customer: invoice.customer, total: total(invoice, ctx), creator: invoice.createdBy.handle }),
    // The very buttons an approval request carries: the same signed actions, deciding the same round.
    actions: [
      button(ctx, "inv.approve", roundId, t("invoice.button.approve"), "primary"),
      button(ctx, "inv.reject", roundId, t("invoice.button.reject"), "danger"),
    ],
  };
}

function overdueItem(invoice: HomeInvoice, today: CalendarDate, ctx: CommandContext): HomeItem {
  return {
    text: ctx.t("home.overdue.row", {
      ref: refText(invoice, ctx),
      customer: invoice.customer,
      balance: total(invoice, ctx, invoice.totalMinor - invoice.paidMinor),
      days: invoice.dueDate ? daysBetween(invoice.dueDate, today) : 0,
    }),
  };
}

/** The Home of a member: four sections, each saying in one line when it is empty. */
export function homeModel(overview: HomeOverview, ctx: CommandContext, notice?: string): HomeModel {
  const { t } = ctx;
  const { tasks, leads, approvals, overdue, today } = overview;
  const section = (heading: string, items: HomeItem[], empty: string, extra?: string): HomeSection => {
    const note = items.length === 0 ? empty : extra;
    return { heading, items, ...(note ? { note } : {}) };
  };
  const model: HomeModel = {
    title: t("home.title"),
    ...(notice ? { notice } : {}),
    sections: [
      section(t("home.tasks.title"), tasks.items.map((task) => taskItem(task, ctx)), t("home.tasks.empty"), more(t, tasks.total, tasks.items.length, "/task list")),
      section(t("home.leads.title"), leads.map((stage) => stageItem(stage, ctx)), t("home.leads.empty")),
      section(
        t("home.approvals.title"),
        approvals.items.map((round) => approvalItem(round, ctx)),
        t("home.approvals.empty"),
        more(t, approvals.total, approvals.items.length, "/invoice list pending"),
      ),
      section(
        t("home.overdue.title"),
        overdue.items.map((invoice) => overdueItem(invoice, today, ctx)),
        t("home.overdue.empty"),
        more(t, overdue.total, overdue.items.length, "/invoice list overdue"),
      ),
    ],
    footer: t("home.updated", { when: ctx.fmt.dateTime(overview.now) }),
  };
  return forReader(model, ctx.fmt.locale);
}

/** The Home of someone Threadline does not know yet: how to begin. Opening it creates nothing. */
export function welcomeModel(t: Translate, locale: string): HomeModel {
  return forReader({ title: t("home.title"), notice: t("home.welcome"), sections: [] }, locale);
}
