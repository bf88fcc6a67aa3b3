import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { toPlainText, type Reply } from "../../src/bots/render/reply.js";
import { consoleCaller, testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";

describe(`help by topic (${engineUnderTest})`, () => {
  let app: App;
  const anna = consoleCaller("anna");
  const bob = consoleCaller("bob"); // reads Persian
  const carol = consoleCaller("carol"); // reads Armenian
  const ask = (line: string, who = anna): Promise<Reply> => app.dispatcher.handle(line, who);
  const say = async (line: string, who = anna) => toPlainText(await ask(line, who));

  beforeAll(async () => {
    app = await testApp({ clock: fixedClock("2026-11-25T09:00:00Z") });
    await say("/crm me language fa", bob);
    await say("/crm me language hy", carol);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("shows only the lead commands for /crm help lead", async () => {
    const answer = await ask("/crm help lead");
    expect(answer.title).toBe("Commands for /lead");
    expect(answer.lines?.length).toBeGreaterThan(3);
    expect(answer.lines?.every((line) => line.startsWith("/lead "))).toBe(true);
    expect(toPlainText(answer)).toContain("/lead add <name> [<amount> [<CURRENCY>]]");
    expect(toPlainText(answer)).toContain("Send /crm help for every command.");
  });

  it("shows a topic's help for a bare /lead, /task or /invoice instead of 'unknown command'", async () => {
    for (const topic of ["lead", "task", "invoice"]) {
      const answer = await ask(`/${topic}`);
      expect(answer.tone).not.toBe("error");
      expect(answer.title).toBe(`Commands for /${topic}`);
      expect(answer.lines?.every((line) => line.startsWith(`/${topic} `))).toBe(true);
    }
    expect(toPlainText(await ask("/crm invoice"))).toBe(toPlainText(await ask("/invoice")));
  });

  it("reads the topic the way people write it: /help task, /crm help /task, /crm help Tasks", async () => {
    const task = toPlainText(await ask("/crm help task"));
    for (const line of ["/help task", "/crm help /task", "/crm help Tasks"]) expect(await say(line)).toBe(task);
  });

  it("still lists every command with no topic", async () => {
    const all = await say("/crm help");
    for (const usage of ["/lead add", "/task add", "/invoice new", "/crm settings"]) expect(all).toContain(usage);
  });

  it("answers an unknown topic with one line naming the topics and an example of the right form", async () => {
    const answer = await ask("/crm help frobnicate");
    expect(answer.tone).toBe("error");
    expect(answer.lines).toEqual([
      'There is no help topic "frobnicate". The topics are /crm, /lead, /task, /contact, and /invoice.',
      "Example: /crm help lead",
    ]);
  });

  it("keeps an unknown subcommand an unknown command", async () => {
    expect(await say("/lead frobnicate")).toContain('I don\'t know the command "/lead frobnicate".');
  });

  it("speaks Persian and Armenian", async () => {
    const fa = await ask("/crm help task", bob);
    expect(fa.title).toBe("دستورهای /task");
    expect(fa.footer).toBe("برای دیدن همهٔ دستورها /crm help را بفرستید.");
    expect(fa.lines?.every((line) => line.startsWith("/task "))).toBe(true);
    expect((await ask("/crm help frobnicate", bob)).lines).toEqual([
      "راهنمایی با موضوع «frobnicate» نداریم. موضوع‌ها: /crm،\u200f /lead،\u200f /task،\u200f /contact، و /invoice.",
      "نمونه: /crm help lead",
    ]);
    const hy = await ask("/invoice", carol);
    expect(hy.title).toBe("/invoice-ի հրամանները");
    expect(hy.lines?.every((line) => line.startsWith("/invoice "))).toBe(true);
  });
});
