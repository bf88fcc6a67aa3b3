import { DateTime } from "luxon";
import { nextStage, type Lead, type SimilarRecord, type Stage, type TimelineEntry } from "../../domain/leads/lead.js";
import type { Money } from "../../domain/shared/money.js";
import type { MessageKey } from "../render/messages.en.js";
import type { Action, Field, Reply } from "../render/reply.js";
import { button } from "./actions.js";
import type { CommandContext } from "./registry.js";

export function leadFields(lead: Lead, { t, fmt }: CommandContext): Field[] {
  const fields: Field[] = [
    { label: t("lead.field.name"), value: lead.title },
    { label: t("lead.field.value"), value: lead.value ? fmt.money(lead.value) : t("lead.no_value") },
    { label: t("lead.field.stage"), value: t(`stage.${lead.stage}`) },
    { label: t("lead.field.owner"), value: `@${lead.owner.handle}` },
  ];
  if (lead.contact.name !== lead.title) fields.push({ label: t("lead.field.contact"), value: lead.contact.name });
  if (lead.contact.email) fields.push({ label: t("lead.field.email"), value: lead.contact.email });
  if (lead.contact.phone) fields.push({ label: t("lead.field.phone"), value: lead.contact.phone });
  if (lead.nextFollowUpAt) fields.push({ label: t("lead.field.followup"), value: fmt.dateTime(lead.nextFollowUpAt) });
  if (lead.archivedAt) fields.push({ label: t("lead.field.archived"), value: fmt.dateTime(lead.archivedAt) });
  return fields;
}

export function leadRow(lead: Lead, { t, fmt }: CommandContext): string {
  return t("lead.list.row", {
    number: lead.number,
    title: lead.title,
    value: lead.value ? fmt.money(lead.value) : t("lead.no_value"),
    stage: t(`stage.${lead.stage}`),
    owner: `@${lead.owner.handle}`,
  });
}

/**
 * A lead's buttons: Stage ▸ (to the next stage in the pipeline; none once won or lost, and "lost" is a
 * command, since one button per stage would crowd the card), Assign to me, Add task, Note, Edit, Archive.
 * Everyone sees them; a press is checked against the permission table like the command it stands for.
 */
export function leadButtons(lead: Lead, ctx: CommandContext): Action[] {
  if (lead.archivedAt) return [];
  const { t } = ctx;
  const next = nextStage(lead.stage);
  return [
    ...(next ? [button(ctx, `stage.${next}`, lead.id, t("button.stage_next", { stage: t(`stage.${next}`) }), "primary")] : []),
    button(ctx, "lead.take", lead.id, t("button.assign_me")),
    button(ctx, "lead.task", lead.id, t("button.add_task")),
    button(ctx, "lead.note", lead.id, t("button.note")),
    button(ctx, "lead.edit", lead.id, t("button.edit")),
    button(ctx, "lead.archive", lead.id, t("button.archive"), "danger"),
  ];
}

/** The lead as a card with its buttons: what `/lead add` answers and what a press on the card leaves. */
export function leadCard(lead: Lead, ctx: CommandContext, title: string, extra: Pick<Reply, "lines" | "tone"> = {}): Reply {
  const actions = leadButtons(lead, ctx);
  return { title, fields: leadFields(lead, ctx), tone: "ok", ...extra, ...(actions.length ? { actions } : {}) };
}

/** The card `/lead show` answers: the lead, its timeline, its buttons. */
export function leadShowCard(lead: Lead, timeline: TimelineEntry[], ctx: CommandContext, notice?: string): Reply {
  const { t } = ctx;
  return leadCard(lead, ctx, `#${lead.number} ${lead.title}`, {
    lines: [
      ...(notice ? [notice] : []),
      t("lead.timeline"),
      ...(timeline.length ? timeline.map((entry) => timelineLine(entry, ctx)) : [t("lead.timeline.empty")]),
    ],
    tone: "info",
  });
}

/**
 * What an archive answers (`/lead archive`, `/task archive`, their Archive buttons): the record is gone from
 * lists, and `undo` (the record's Undo action) brings it back for a while.
 */
export function archivedReply(line: string, undo: { name: string; id: string }, ctx: CommandContext): Reply {
  return { lines: [line], actions: [button(ctx, undo.name, undo.id, ctx.t("button.undo"), "primary")], tone: "ok" };
}

export const archivedLeadReply = (lead: Lead, ctx: CommandContext, minutes: number): Reply =>
  archivedReply(ctx.t("lead.archived_done", { number: lead.number, title: lead.title, minutes }), { name: "lead.undo", id: lead.id }, ctx);

/** The duplicate warning under a new lead: one line per look-alike, and a button to open each. */
export function similarWarning(similar: SimilarRecord[], ctx: CommandContext): { lines: string[]; actions: Action[] } {
  const { t } = ctx;
  return {
    lines: similar.map(({ kind, number, name }) => t(kind === "lead" ? "similar.lead" : "similar.contact", { name, number })),
    actions: similar.map(({ kind, id, number }) =>
      kind === "lead" ? button(ctx, "lead.show", id, t("button.open_lead", { number })) : button(ctx, "contact.show", id, t("button.open_contact", { number })),
    ),
  };
}

const EDITED_LABELS: Record<string, MessageKey> = {
  name: "lead.field.name",
  value: "lead.field.value",
  email: "lead.field.email",
  phone: "lead.field.phone",
};

/** "Name: Acme → Acme Corp" for each field an edit changed, in the reader's words and formats. */
export function changeLines(changes: TimelineEntry["changes"], labels: Record<string, MessageKey>, { t, fmt }: CommandContext): string {
  const shown = (value: unknown) =>
    value === null || value === undefined || value === ""
      ? t("timeline.none")
      : isMoney(value)
        ? fmt.money(value)
        : String(value);
  return Object.entries(changes)
    .map(([field, [from, to]]) => t("timeline.change", { field: labels[field] ? t(labels[field]) : field, from: shown(from), to: shown(to) }))
    .join("; ");
}

const isMoney = (value: unknown): value is Money =>
  typeof value === "object" && value !== null && typeof (value as Money).minor === "number" && typeof (value as Money).currency === "string";

export function timelineLine(entry: TimelineEntry, ctx: CommandContext): string {
  const { t, fmt } = ctx;
  const when = fmt.dateTime(entry.at);
  const actor = entry.actor ?? t("timeline.someone");
  const [from, to] = Object.values(entry.changes)[0] ?? [null, null];
  switch (entry.action) {
    case "lead.created":
    case "lead.archived":
    case "lead.restored":
      return t(`timeline.${entry.action}`, { when, actor });
    case "lead.stage":
      return t("timeline.lead.stage", { when, actor, from: t(`stage.${from as Stage}`), to: t(`stage.${to as Stage}`) });
    case "lead.owner":
      return t("timeline.lead.owner", { when, actor, from: `@${from}`, to: `@${to}` });
    case "lead.note":
      return t("timeline.lead.note", { when, actor, text: String(to) });
    case "lead.edited":
      return t("timeline.lead.edited", { when, actor, changes: changeLines(entry.changes, EDITED_LABELS, ctx) });
    case "lead.followup":
      return t("timeline.lead.followup", {
        when,
        actor,
        to: typeof to === "string" ? fmt.dateTime(DateTime.fromISO(to, { zone: "utc" })) : t("timeline.none"),
      });
    default:
      return t("timeline.other", { when, actor, action: entry.action });
  }
}
