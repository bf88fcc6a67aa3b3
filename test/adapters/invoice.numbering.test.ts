import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/adapters/prisma/client.js";
import { prismaInvoiceRepo } from "../../src/adapters/prisma/invoice.prisma-repo.js";
import { prismaLeadRepo } from "../../src/adapters/prisma/lead.prisma-repo.js";
import { atomic } from "../../src/adapters/prisma/tx.js";
import { prismaWorkspaceRepo } from "../../src/adapters/prisma/workspace.prisma-repo.js";
import type { App } from "../../src/app.js";
import { createInvoiceUseCases } from "../../src/domain/invoices/invoice.use-cases.js";
import { consoleCaller, testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";

const anna = consoleCaller("anna"); // owner
const bob = consoleCaller("bob"); // makes the invoices
const carol = consoleCaller("carol"); // approver

/** A workspace where every invoice needs approval, with `count` invoices by Bob waiting for it. */
async function pendingInvoices(app: App, count: number) {
  await app.dispatcher.handle("/invoice list", anna);
  await app.dispatcher.handle("/invoice list", bob);
  await app.dispatcher.handle("/invoice list", carol);
  await app.dispatcher.handle("/crm role @carol approver", anna);
  await app.dispatcher.handle("/crm settings approval 0.01 USD", anna);
  const start = await app.database.prisma.invoice.count();
  for (let i = 1; i <= count; i++) {
    await app.dispatcher.handle(`/invoice new Customer ${i} ; Work ${i} x 100 USD`, bob);
    await app.dispatcher.handle(`/invoice submit ${start + i}`, bob);
  }
  const rounds = await app.database.prisma.invoiceApproval.findMany({ where: { decision: null }, select: { id: true }, orderBy: { submittedAt: "asc" } });
  return rounds.map((round) => round.id);
}

const numbers = async (app: App) =>
  (await app.database.prisma.invoice.findMany({ where: { number: { not: null } }, select: { number: true } })).map((row) => row.number!).sort();

const expected = (year: number, n: number) => Array.from({ length: n }, (_, i) => `INV-${year}-${String(i + 1).padStart(4, "0")}`);

describe.skipIf(engineUnderTest === "pglite")("invoice numbers under concurrent approvals (postgres; PGlite's one connection serialises them)", () => {
  let app: App;
  let second: Database;
  const clock = fixedClock("2026-11-25T09:00:00Z");

  beforeAll(async () => {
    app = await testApp({ clock });
    // A second client with its own connection pool, like a second instance of the app.
    second = await openDatabase(app.config.DATABASE_URL);
  });
  afterAll(async () => {
    await second?.close();
    await app?.close();
  });

  it("numbers 24 invoices approved at once through two connection pools 1..24, with no gap and no twin", async () => {
    const rounds = await pendingInvoices(app, 24);
    const deps = (database: Database) => ({
      invoices: prismaInvoiceRepo(database.prisma),
      workspaces: prismaWorkspaceRepo(database.prisma),
      leads: prismaLeadRepo(database.prisma),
      clock,
    });
    const clients = [createInvoiceUseCases(deps(app.database)), createInvoiceUseCases(deps(second))];
    const approver = await app.dispatcher.resolve(carol);

    const outcomes = await Promise.all(rounds.map((round, i) => clients[i % 2]!.decide(approver, round, "approve")));

    expect(outcomes.every((outcome) => outcome.kind === "decided")).toBe(true);
    expect(await numbers(app)).toEqual(expected(2026, 24));
    expect(await app.database.prisma.invoiceCounter.findMany({ select: { year: true, last: true } })).toEqual([{ year: 2026, last: 24 }]);
  });

  it("records exactly one decision when two approvers press on the same request at the same moment", async () => {
    const rounds = await pendingInvoices(app, 3);
    const owner = await app.dispatcher.resolve(anna);
    const approver = await app.dispatcher.resolve(carol);
    const uses = createInvoiceUseCases({
      invoices: prismaInvoiceRepo(second.prisma),
      workspaces: prismaWorkspaceRepo(second.prisma),
      leads: prismaLeadRepo(second.prisma),
      clock,
    });
    for (const round of rounds) {
      const outcomes = await Promise.all([
        app.services.invoices.decide(owner, round, "approve"),
        uses.decide(approver, round, "approve"),
        app.services.invoices.decide(approver, round, "approve"),
        uses.decide(owner, round, "reject", "too late?"),
      ]);
      expect(outcomes.filter((outcome) => outcome.kind === "decided")).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome.kind === "already")).toHaveLength(3);
    }
    const approved = await app.database.prisma.activity.count({ where: { action: { in: ["invoice.approved", "invoice.rejected"] } } });
    expect(approved).toBe(27);
    const numbered = await numbers(app);
    expect(numbered).toEqual(expected(2026, numbered.length)); // still gapless, whichever verdicts won
  });
});

describe(`invoice numbers after a rollback (${engineUnderTest})`, () => {
  let app: App;
  const clock = fixedClock("2026-11-25T09:00:00Z");

  beforeAll(async () => {
    app = await testApp({ clock });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("gives a rolled-back approval's number to the next approval, so no gap appears", async () => {
    const [first, second] = await pendingInvoices(app, 2);
    const approver = await app.dispatcher.resolve(carol);
    const db = app.database.prisma;

    // The approval runs, takes INV-2026-0001, then its transaction fails (a crash after numbering).
    await expect(
      atomic(db, async () => {
        const outcome = await app.services.invoices.decide(approver, first!, "approve");
        expect(outcome.kind === "decided" && outcome.invoice.number).toBe("INV-2026-0001");
        throw new Error("the transaction fails after the number was taken");
      }),
    ).rejects.toThrow("fails after the number");
    expect(await numbers(app)).toEqual([]);
    expect((await db.invoiceApproval.findUniqueOrThrow({ where: { id: first! } })).decision).toBeNull();

    await app.services.invoices.decide(approver, second!, "approve");
    await app.services.invoices.decide(approver, first!, "approve");
    expect(await numbers(app)).toEqual(expected(2026, 2));
  });

  it("starts each year at 0001: the number takes the year of its issue date", async () => {
    const [round] = await pendingInvoices(app, 1);
    clock.set("2027-01-01T00:30:00Z");
    await app.services.invoices.decide(await app.dispatcher.resolve(carol), round!, "approve");
    expect(await numbers(app)).toEqual([...expected(2026, 2), "INV-2027-0001"]);
  });
});
