import { z } from "zod";
import { calendarOf } from "../../domain/members/member.js";
import { isCalendar, type Calendar } from "../../domain/shared/calendar.js";
import { CURRENCY_DISPLAYS, type CurrencyDisplay } from "../../domain/settings/display.js";
import { defineCommand } from "./registry.js";

const calendarChoice = z
  .string()
  .trim()
  .toLowerCase()
  .transform((text, ctx): Calendar | null => {
    if (text === "default") return null;
    const calendar = text === "solar" || text === "shamsi" || text === "persian" ? "jalali" : text === "gregory" ? "gregorian" : text;
    if (!isCalendar(calendar)) {
      ctx.addIssue({ code: "custom", message: "args.calendar" });
      return z.NEVER;
    }
    return calendar;
  });

const currencyDisplay = z
  .string()
  .trim()
  .toLowerCase()
  .transform((text, ctx): CurrencyDisplay => {
    if (!(CURRENCY_DISPLAYS as readonly string[]).includes(text)) {
      ctx.addIssue({ code: "custom", message: "args.currency_display" });
      return z.NEVER;
    }
    return text as CurrencyDisplay;
  });

export const meCalendar = defineCommand({
  name: "crm me calendar",
  usage: "/crm me calendar <jalali|gregorian|default>",
  example: "/crm me calendar jalali",
  summary: "cmd.me.calendar",
  args: calendarChoice,
  async run(calendar, ctx) {
    const member = await ctx.services.display.setMyCalendar(ctx.actor, calendar);
    const name = ctx.t(`calendar.${calendarOf(member, ctx.actor.workspace)}`);
    return { lines: [ctx.t(calendar ? "settings.me.calendar.set" : "settings.me.calendar.cleared", { calendar: name })], tone: "ok" };
  },
});

export const settingsCurrencyDisplay = defineCommand({
  name: "crm settings currency-display",
  usage: "/crm settings currency-display <toman|rial>",
  example: "/crm settings currency-display toman",
  summary: "cmd.settings.currency_display",
  args: currencyDisplay,
  async run(display, ctx) {
    const shown = await ctx.services.display.setCurrencyDisplay(ctx.actor, display);
    return { lines: [ctx.t(`settings.currency_display.${shown}`)], tone: "ok" };
  },
});

export const displayCommands = [meCalendar, settingsCurrencyDisplay];
