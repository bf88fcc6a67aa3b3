import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type App } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/log.js";
import type { Database } from "../../src/adapters/prisma/client.js";
import { consoleCaller } from "../support/app.js";
import { engineUnderTest, testDatabase } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";

/**
 * Ready to distribute by workspace (docs/scale.md): every tenant table carries `workspaceId`, and every query
 * the product makes on one names it, so a distributed PostgreSQL (Citus) can route each query to one shard.
 * The check records every Prisma operation while a working day's commands run, through a query extension
 * on the app's own client, and fails on any that reaches a tenant table without its workspace.
 */

/** Tables without a workspace of their own: the tenants themselves, and the outbox's leader lease. */
const GLOBAL_MODELS = new Set(["Workspace", "DispatcherLease"]);
/**
 * Lookups that find the tenant rather than act inside one: who a platform user is (their identity and the
 * person behind it, who may be in several workspaces) and which workspace a chat belongs to are asked by the
 * platform's own keys (in Citus terms, reference tables), and a link code or a delivery key is globally
 * unique by construction.
 */
const TENANT_RESOLUTION = new Set(["PlatformIdentity", "Person", "ChatLink", "LinkCode", "InboundDelivery"]);

type Seen = { model: string; operation: string; scoped: boolean };

/**
 * Tenant tables: those with a `workspaceId` column, read from the migrated database itself, so a new one is
 * checked without being listed here; less the tenant-resolution lookups above.
 */
async function tenantTables(sql: Database["sql"]): Promise<string[]> {
  const rows = await sql.query<{ table: string }>(
    `SELECT table_name AS table FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'workspaceId' ORDER BY 1`,
  );
  return rows.map((row) => row.table).filter((table) => !TENANT_RESOLUTION.has(table));
}

/** Whether a Prisma argument tree names a workspace: a `workspaceId` key anywhere in `where`/`data`, or a compound unique key built on it. */
function namesWorkspace(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(namesWorkspace);
  if (!value || typeof value !== "object") return false;
  return Object.entries(value).some(([key, inner]) => key === "workspaceId" || key.startsWith("workspaceId_") || namesWorkspace(inner));
}

describe(`tenant scoping of every query (${engineUnderTest})`, () => {
  let app: App;
  const seen: Seen[] = [];
  const rawSeen: string[] = [];
  /** A raw statement that touches a tenant table by its quoted name. */
  let tenantTable = /$^/;

  beforeAll(async () => {
    const database = await testDatabase();
    tenantTable = new RegExp(`"(${(await tenantTables(database.sql)).join("|")})"`);
    const prisma = database.prisma.$extends({
      query: {
        $allModels: {
          async $allOperations({ model, operation, args, query }) {
            const a = args as { where?: unknown; data?: unknown };
            seen.push({ model, operation, scoped: namesWorkspace(a.where) || (!a.where && namesWorkspace(a.data)) });
            return query(args);
          },
        },
        async $queryRaw({ args, query }) {
          const sql = (args as unknown as { strings?: readonly string[] }).strings?.join("?") ?? String(args);
          seen.push({ model: "raw", operation: "queryRaw", scoped: sql.includes('"workspaceId"') });
          return query(args);
        },
        // The hot paths' statements (rawQuery in tx.ts), which the product sends past Prisma on its own
        // client's lanes, take this way on a client wrapped like this one: the same SQL, seen here.
        async $queryRawUnsafe({ args, query }) {
          const sql = String(Array.isArray(args) ? args[0] : args);
          seen.push({ model: "raw", operation: "queryRawUnsafe", scoped: sql.includes('"workspaceId"') || !tenantTable.test(sql) });
          rawSeen.push(sql);
          return query(args);
        },
      },
    }) as unknown as typeof database.prisma;
    const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: "silent" });
    app = await buildApp(config, { database: { ...database, prisma }, log: createLogger("silent"), clock: fixedClock("2026-11-25T09:00:00Z") });
    const anna = consoleCaller("anna");
    const bob = consoleCaller("bob");
    for (const [line, who] of [
      ["/lead add Acme Corp 5000 USD email:ops@acme.example", anna],
      ["/lead add Globex 1200 EUR", bob],
      ["/lead list all", anna],
      ["/lead show 1", bob],
      ["/lead find acme", anna],
      ["/lead note 1 Called, they want a quote", anna],
      ["/lead stage 1 contacted", anna],
      ["/lead assign 1 @bob", anna],
      ["/lead followup 2 tomorrow 10:00", bob],
      ["/task add Send proposal @bob lead:1 due tomorrow 15:00", anna],
      ["/task list all", bob],
      ["/task done 1", bob],
      ["/invoice new Acme Corp ; Design sprint 10 x 450 USD ; tax 9% ; net 14", anna],
      ["/invoice submit 1", anna],
      ["/invoice list all", anna],
      ["/invoice paid 1", anna],
      ["/crm settings digest 08:30", anna],
    ] as const) {
      await app.dispatcher.handle(line, who);
    }
    // Each one's Home (Slack's App Home tab), read the way the Slack door reads it.
    for (const who of [anna, bob]) await app.services.home.overview(await app.dispatcher.resolve(who));
  });
  afterAll(async () => {
    await app?.close();
  });

  it("saw the product's queries (a guard against an extension that records nothing)", () => {
    const models = new Set(seen.map((entry) => entry.model));
    for (const model of ["Lead", "Task", "Invoice", "Member", "InvoiceApproval"]) expect(models).toContain(model);
    expect(seen).toContainEqual({ model: "Lead", operation: "groupBy", scoped: true });
    // The hot paths' raw statements are seen too: the lead's and the task's creation, the look-alike names.
    for (const table of ['INSERT INTO "Lead"', 'INSERT INTO "Task"', 'FROM "NameGram"', 'UPDATE "Task" SET status']) {
      expect(rawSeen.some((sql) => sql.includes(table))).toBe(true);
    }
    // The tenant tables come from the schema (a guard against a query of it that finds nothing).
    for (const table of ["Lead", "Contact", "NameGram", "Task", "Invoice", "Member", "Activity", "OutboxMessage"]) {
      expect(tenantTable.test(`FROM "${table}"`)).toBe(true);
    }
    expect(tenantTable.test('FROM "InboundDelivery"')).toBe(false);
  });

  it("names the workspace in every query on a tenant table", () => {
    const unscoped = seen.filter((entry) => !GLOBAL_MODELS.has(entry.model) && !TENANT_RESOLUTION.has(entry.model) && !entry.scoped);
    expect(unscoped.map(({ model, operation }) => `${model}.${operation}`)).toEqual([]);
  });
});
