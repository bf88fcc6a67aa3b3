import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toPlainText } from "../../src/bots/render/reply.js";
import type { App } from "../../src/app.js";
import { consoleCaller, testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";

describe(`lead commands (${engineUnderTest})`, () => {
  let app: App;
  const clock = fixedClock("2026-11-25T09:00:00Z");
  const anna = consoleCaller("anna");
  const bob = consoleCaller("bob");
  const say = async (line: string, who = anna) => toPlainText(await app.dispatcher.handle(line, who));
  const count = async (table: "lead" | "contact" | "activity" | "note") =>
    (app.database.prisma[table] as unknown as { count(): Promise<number> }).count();

  beforeAll(async () => {
    app = await testApp({ clock });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("creates a lead with its contact and shows number, value and stage", async () => {
    const text = await say("/lead add Acme Corp 5000 USD");
    expect(text).toContain("Lead #1 created");
    expect(text).toContain("Acme Corp");
    expect(text).toContain("5,000.00 USD");
    expect(text).toContain("Stage: new");
    expect(text).toContain("Owner: @anna");
  });

  it("lists the lead with its formatted value", async () => {
    const text = await say("/lead list");
    expect(text).toContain("#1 Acme Corp · 5,000.00 USD · new · @anna");
  });

  it("treats /crm lead add as /lead add and numbers leads per workspace", async () => {
    expect(await say("/crm lead add Globex 1200000 IRR")).toContain("Lead #2 created");
    expect(await say("/lead show 2")).toContain("1,200,000 IRR");
    // Another chat space is another workspace, with its own numbering and none of these leads.
    const stranger = consoleCaller("zoe", "elsewhere");
    expect(await say("/lead add Initech 10 EUR", stranger)).toContain("Lead #1 created");
    expect(await say("/lead show 2", stranger)).toContain("There is no lead #2");
  });

  it("makes the first person in a chat space its owner and later people members", async () => {
    await say("/lead list", bob);
    const members = await app.database.prisma.member.findMany({ orderBy: { createdAt: "asc" }, select: { handle: true, role: true } });
    expect(members.slice(0, 1)).toEqual([{ handle: "anna", role: "owner" }]);
    expect(members).toContainEqual({ handle: "bob", role: "member" });
  });

  it("moves stages, adds notes and assigns, recording each in the timeline with before and after", async () => {
    expect(await say("/lead stage 1 qualified")).toContain("Lead #1 moved to qualified");
    clock.advance({ minutes: 5 });
    expect(await say("/lead note #1 Called Sara, she wants a quote")).toContain("Note added to lead #1");
    clock.advance({ minutes: 5 });
    expect(await say("/lead assign 1 @bob")).toContain("now owned by @bob");
    const show = await say("/lead show 1");
    expect(show).toContain("Anna moved it from new to qualified");
    expect(show).toContain("Anna: Called Sara, she wants a quote");
    expect(show).toContain("Anna handed it from @anna to @bob");
    expect(await say("/lead list mine", bob)).toContain("#1 Acme Corp");
  });

  it("finds leads by contact name, email or note text", async () => {
    await say("/lead add Umbrella 300 USD email:ceo@umbrella.example phone:+374-10-123456");
    expect(await say("/lead find umbrella.example")).toContain("Umbrella");
    expect(await say("/lead find quote")).toContain("#1 Acme Corp");
    expect(await say("/lead find nothing-like-this")).toContain("No lead matches");
  });

  it.each([
    ["/lead add Acme 5000USD", "write them apart, such as 5000 USD"],
    ["/lead add Acme -5000 USD", "is not an amount"],
    ["/lead add Acme 5k", "is not an amount"],
    ["/lead add Acme 5000 XYZ", "is not an ISO 4217 currency code"],
    ["/lead add Acme 12.5 JPY", "JPY has 0 decimal places"],
    ["/lead add Acme 99999999999999999999 USD", "larger than any amount"],
    ["/lead add Acme -5", "is not an amount"],
    [`/lead add ${"x".repeat(10_000)}`, "too long: at most 200 characters"],
    ["/lead add Evil\u0007Corp", "control characters"],
    ["/lead show 999", "There is no lead #999"],
    ["/lead show abc", "a lead number such as 12"],
    ["/lead stage 1 sleeping", "a stage: new, contacted"],
    ["/lead assign 1 @nobody", "No member here is called @nobody"],
    ["/lead frobnicate", "I don't know the command"],
  ])("answers %s with one explanation and an example, writing nothing", async (line, problem) => {
    const before = await Promise.all([count("lead"), count("contact"), count("activity"), count("note")]);
    const answer = await app.dispatcher.handle(line, anna);
    const text = toPlainText(answer);
    expect(answer.tone).toBe("error");
    expect(text).toContain(problem);
    expect(text).toMatch(/Example: \/|Send \/crm help/);
    expect(text).not.toMatch(/at \S+\.ts|Error:/);
    expect(await Promise.all([count("lead"), count("contact"), count("activity"), count("note")])).toEqual(before);
  });

  it("lists every command in /crm help, /help and a bare /crm", async () => {
    for (const line of ["/crm help", "/help", "/crm"]) {
      const text = await say(line);
      expect(text).toContain("/lead add <name> [<amount> [<CURRENCY>]]");
      expect(text).toContain("/lead find <text>");
    }
  });
});

describe(`lead timeline (${engineUnderTest})`, () => {
  it("shows a planned follow-up in the reader's time zone", async () => {
    const clock = fixedClock("2026-11-25T09:00:00Z");
    const app = await testApp({ clock, env: { CRM_DEFAULT_TIMEZONE: "Asia/Tehran" } });
    try {
      const anna = consoleCaller("anna");
      await app.dispatcher.handle("/lead add Acme Corp 5000 USD", anna);
      await app.dispatcher.handle("/lead followup 1 2026-12-01 10:30", anna);
      const show = toPlainText(await app.dispatcher.handle("/lead show 1", anna));
      expect(show).toContain("Anna set the follow-up to Dec 1, 2026, 10:30");
    } finally {
      await app.close();
    }
  });
});
