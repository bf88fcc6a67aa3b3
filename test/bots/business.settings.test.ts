import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { composers } from "../../src/bots/reminders/all.composers.js";
import { toPlainText } from "../../src/bots/render/reply.js";
import type { CallerKey } from "../../src/domain/members/member.repo.js";
import { consoleCaller, testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";
import { pdfText, squashed } from "../support/pdf-text.js";
import { outboxItem } from "../support/reminders.js";

describe(`the seller's details on invoices (${engineUnderTest})`, () => {
  let app: App;
  const anna = consoleCaller("anna"); // the owner: first in the chat space
  const bob = consoleCaller("bob");
  const say = async (line: string, who: CallerKey = anna) => toPlainText(await app.dispatcher.handle(line, who));
  /** The PDF a command queues (an invoice.pdf outbox row), composed for Anna as the outbox would send it. */
  const pdfOf = async (line: string) => {
    await app.dispatcher.handle(line, anna);
    const row = await app.database.prisma.outboxMessage.findFirstOrThrow({ where: { kind: "invoice.pdf" }, orderBy: { createdAt: "desc" } });
    const composer = composers().find((candidate) => candidate.kind === row.kind)!;
    const reply = await composer.compose(outboxItem(row, { late: false }), app.dispatcher.contextFor(await app.dispatcher.resolve(anna)));
    return pdfText(reply!.attachments![0]!.bytes);
  };

  beforeAll(async () => {
    app = await testApp({ clock: fixedClock("2026-11-25T09:00:00Z") });
    await say("/invoice new Acme Corp ; Design sprint 10 x 450 USD ; net 14", anna);
    await say("/lead list", bob);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("prints the workspace's own name until a business name is set", async () => {
    expect(await pdfOf("/invoice show 1 pdf")).toContain("Anna's workspace");
    expect(await say("/crm settings business")).toMatch(/Name: Anna's workspace[\s\S]*Address: not set/);
  });

  it("lets an admin set the name, address, tax id and phone, and prints them on the PDF instead", async () => {
    expect(await say("/crm settings business name شرکت طراحی آرین")).toContain("Saved.");
    await say("/crm settings business address  Tehran,   Valiasr St 12 ");
    await say("/crm settings business tax-id 411-22-33");
    const shown = await say("/crm settings business phone +98 21 1234 5678");
    expect(shown).toContain("Address: Tehran, Valiasr St 12");
    expect(shown).toContain("Tax ID: 411-22-33");
    const text = await pdfOf("/invoice show 1 pdf");
    expect(squashed(text)).toContain(squashed("شرکت طراحی آرین"));
    for (const expected of ["Tehran, Valiasr St 12", "Phone: +98 21 1234 5678", "Tax ID: 411-22-33"]) expect(text).toContain(expected);
    expect(text).not.toContain("Anna's workspace");
  });

  it("clears a detail with none; the name falls back to the workspace's", async () => {
    await say("/crm settings business phone none");
    await say("/crm settings business name none");
    const text = await pdfOf("/invoice show 1 pdf");
    expect(text).not.toContain("Phone:");
    expect(text).toContain("Anna's workspace");
    expect(text).toContain("Tax ID: 411-22-33");
  });

  it("refuses a member, an unknown detail and an over-long text, changing nothing", async () => {
    expect(await say("/crm settings business name Bob's Shop", bob)).toContain("Only the workspace owner or an admin can change workspace settings.");
    expect(await say("/crm settings business fax 123")).toContain("name the detail, then its text");
    expect(await say("/crm settings business address")).toContain("name the detail, then its text");
    expect(await say(`/crm settings business address ${"x".repeat(201)}`)).toContain("longer than 200 characters");
    expect(await say("/crm settings business")).toMatch(/Name: Anna's workspace[\s\S]*Address: Tehran, Valiasr St 12/);
  });
});
