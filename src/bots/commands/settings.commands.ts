import { z } from "zod";
import { asciiDigits } from "../../domain/shared/numerals.js";
import { formatTimeOfDay, formatWorkdays, parseTimeOfDay, parseWorkdays } from "../../domain/settings/settings.js";
import type { Reply } from "../render/reply.js";
import { languageName } from "./language.commands.js";
import { defineCommand } from "./registry.js";

const oneWord = (key: "args.zone_required") =>
  z
    .string()
    .trim()
    .regex(/^\S+$/, key);

const workdays = z
  .string()
  .trim()
  .transform((text, ctx) => {
    const days = parseWorkdays(text);
    if (!days) {
      ctx.addIssue({ code: "custom", message: "args.workdays" });
      return z.NEVER;
    }
    return days;
  });

const digestTime = z
  .string()
  .trim()
  .overwrite(asciiDigits)
  .transform((text, ctx) => {
    if (/^off$/i.test(text)) return null;
    const at = parseTimeOfDay(text);
    if (!at) {
      ctx.addIssue({ code: "custom", message: "args.digest_time" });
      return z.NEVER;
    }
    return at;
  });

// Digits of any script: "۱۵" is 15 (src/domain/shared/numerals.ts).
const minutes = z
  .string()
  .trim()
  .overwrite(asciiDigits)
  .regex(/^\d{1,6}$/, "args.minutes")
  .transform(Number);

const staleDays = z
  .string()
  .trim()
  .overwrite(asciiDigits)
  .transform((text, ctx) => {
    if (/^off$/i.test(text)) return null;
    if (!/^\d{1,6}$/.test(text)) {
      ctx.addIssue({ code: "custom", message: "args.stale_days" });
      return z.NEVER;
    }
    return Number(text);
  });

const nothing = z.string().trim().max(0, "args.no_extra");

export const settingsShow = defineCommand({
  name: "crm settings",
  usage: "/crm settings",
  example: "/crm settings",
  summary: "cmd.settings.show",
  args: nothing,
  async run(_input, ctx): Promise<Reply> {
    const { t } = ctx;
    const { workspace, member, reminders } = ctx.services.settings.show(ctx.actor);
    return {
      title: t("settings.title"),
      fields: [
        { label: t("settings.field.timezone"), value: workspace.timezone },
        {
          label: t("settings.field.my_timezone"),
          value: member.timezone ?? t("settings.my_timezone.default", { zone: workspace.timezone }),
        },
        { label: t("settings.field.language"), value: languageName(t, workspace.locale) },
        {
          label: t("settings.field.my_language"),
          value: member.locale ? languageName(t, member.locale) : t("settings.my_language.default", { language: languageName(t, workspace.locale) }),
        },
        { label: t("settings.field.workdays"), value: formatWorkdays(reminders.workdays) },
        {
          label: t("settings.field.digest"),
          value: reminders.digestAt ? t("settings.digest.value", { time: formatTimeOfDay(reminders.digestAt) }) : t("settings.off"),
        },
        {
          label: t("settings.field.leadtime"),
          value: reminders.leadMinutes ? t("settings.leadtime.value", { minutes: reminders.leadMinutes }) : t("settings.leadtime.zero"),
        },
        {
          label: t("settings.field.stale"),
          value: reminders.staleDays === null ? t("settings.off") : t("settings.stale.value", { days: reminders.staleDays }),
        },
      ],
      footer: t("settings.footer"),
      tone: "info",
    };
  },
});

export const settingsTimezone = defineCommand({
  name: "crm settings timezone",
  usage: "/crm settings timezone <IANA zone>",
  example: "/crm settings timezone Asia/Tehran",
  summary: "cmd.settings.timezone",
  args: oneWord("args.zone_required"),
  async run(zone, ctx) {
    const workspace = await ctx.services.settings.setTimezone(ctx.actor, zone);
    return { lines: [ctx.t("settings.timezone.set", { zone: workspace.timezone })], tone: "ok" };
  },
});

export const meTimezone = defineCommand({
  name: "crm me timezone",
  usage: "/crm me timezone <IANA zone|default>",
  example: "/crm me timezone Asia/Yerevan",
  summary: "cmd.me.timezone",
  args: oneWord("args.zone_required"),
  async run(zone, ctx) {
    const clear = /^default$/i.test(zone);
    const member = await ctx.services.settings.setMyTimezone(ctx.actor, clear ? null : zone);
    const line = member.timezone
      ? ctx.t("settings.me.timezone.set", { zone: member.timezone })
      : ctx.t("settings.me.timezone.cleared", { zone: ctx.actor.workspace.timezone });
    return { lines: [line], tone: "ok" };
  },
});

export const settingsWorkdays = defineCommand({
  name: "crm settings workdays",
  usage: "/crm settings workdays <mon-fri|sat-wed|mon,tue,thu>",
  example: "/crm settings workdays sat-wed",
  summary: "cmd.settings.workdays",
  args: workdays,
  async run(days, ctx) {
    const settings = await ctx.services.settings.setWorkdays(ctx.actor, days);
    return { lines: [ctx.t("settings.workdays.set", { days: formatWorkdays(settings.workdays) })], tone: "ok" };
  },
});

export const settingsDigest = defineCommand({
  name: "crm settings digest",
  usage: "/crm settings digest <HH:MM|off>",
  example: "/crm settings digest 08:30",
  summary: "cmd.settings.digest",
  args: digestTime,
  async run(at, ctx) {
    const settings = await ctx.services.settings.setDigest(ctx.actor, at);
    const line = settings.digestAt
      ? ctx.t("settings.digest.set", { time: formatTimeOfDay(settings.digestAt) })
      : ctx.t("settings.digest.off");
    return { lines: [line], tone: "ok" };
  },
});

export const settingsLeadtime = defineCommand({
  name: "crm settings leadtime",
  usage: "/crm settings leadtime <minutes>",
  example: "/crm settings leadtime 15",
  summary: "cmd.settings.leadtime",
  args: minutes,
  async run(value, ctx) {
    const settings = await ctx.services.settings.setLeadTime(ctx.actor, value);
    const line = settings.leadMinutes
      ? ctx.t("settings.leadtime.set", { minutes: settings.leadMinutes })
      : ctx.t("settings.leadtime.at_due");
    return { lines: [line], tone: "ok" };
  },
});

export const settingsStale = defineCommand({
  name: "crm settings stale",
  usage: "/crm settings stale <days|off>",
  example: "/crm settings stale 14",
  summary: "cmd.settings.stale",
  args: staleDays,
  async run(days, ctx) {
    const settings = await ctx.services.settings.setStale(ctx.actor, days);
    const line = settings.staleDays === null ? ctx.t("settings.stale.off") : ctx.t("settings.stale.set", { days: settings.staleDays });
    return { lines: [line], tone: "ok" };
  },
});

export const settingsCommands = [
  settingsShow,
  settingsTimezone,
  settingsWorkdays,
  settingsDigest,
  settingsLeadtime,
  settingsStale,
  meTimezone,
];
