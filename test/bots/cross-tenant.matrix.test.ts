import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type App } from "../../src/app.js";
import { button } from "../../src/bots/commands/actions.js";
import { slackCaller } from "../../src/bots/slack/slack.caller.js";
import { callerFrom, GROUP_ANONYMOUS_BOT_ID } from "../../src/bots/telegram/telegram.updates.js";
import { toPlainText, type Reply } from "../../src/bots/render/reply.js";
import { loadConfig } from "../../src/config.js";
import type { Actor } from "../../src/domain/members/member.js";
import type { CallerKey } from "../../src/domain/members/member.repo.js";
import { createLogger } from "../../src/log.js";
import { consoleCaller } from "../support/app.js";
import { engineUnderTest, testDatabase } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";

/**
 * The cross-tenant matrix: five workspaces on Telegram (two groups, one run by its anonymous admins, and a
 * private chat), Slack and the console, each with leads, a task, invoices and members of its own. From every
 * workspace, as its owner and as a plain member, every command is tried with the other workspaces' numbers,
 * lists, finds, replayed and forged buttons, and mentions. Counted across workspaces: reads (any query
 * naming another workspace, recorded by a Prisma query extension) and writes (any row of another workspace
 * that changed). Both must be 0, and no reply may show another workspace's secrets.
 */

const BOT = "900";
const tgUser = (id: number, first_name: string) => ({ id, is_bot: false, first_name, username: first_name.toLowerCase() });
const tgGroup = (id: number, title: string) => ({ id, type: "supergroup" as const, title });
const anonymous = { id: GROUP_ANONYMOUS_BOT_ID, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" };

function tg(chat: ReturnType<typeof tgGroup> | { id: number; type: "private"; first_name: string }, from: ReturnType<typeof tgUser> | typeof anonymous, senderChat?: ReturnType<typeof tgGroup>): CallerKey {
  const caller = callerFrom("telegram", BOT, chat, from, { senderChat });
  if (!caller) throw new Error("not a caller");
  return caller;
}

type Tenant = { name: string; owner: CallerKey; member: CallerKey; memberHandle: string; actor?: Actor };

const g1 = tgGroup(-2001, "Tenant G1");
const g2 = tgGroup(-2002, "Tenant G2");
const anna = tgUser(31, "Anna");
const cy = tgUser(32, "Cy");
const dan = tgUser(33, "Dan");
const eve = tgUser(34, "Eve");

const tenants: Tenant[] = [
  { name: "Tenant G1", owner: tg(g1, anna), member: tg(g1, cy), memberHandle: "cy" },
  { name: "Tenant G2", owner: tg(g2, anonymous, g2), member: tg(g2, dan), memberHandle: "dan" },
  { name: "Eve's workspace", owner: tg({ id: eve.id, type: "private", first_name: "Eve" }, eve), member: tg({ id: eve.id, type: "private", first_name: "Eve" }, eve), memberHandle: "eve" },
  {
    name: "slackco",
    owner: slackCaller({ teamId: "T9", userId: "U9OLGA", userName: "olga", teamDomain: "slackco", channelId: "C9" }),
    member: slackCaller({ teamId: "T9", userId: "U9PAT", userName: "pat", teamDomain: "slackco", channelId: "C9" }),
    memberHandle: "pat",
  },
  { name: "Local workspace", owner: { ...consoleCaller("root"), chatTitle: "Local workspace" }, member: { ...consoleCaller("quinn"), chatTitle: "Local workspace" }, memberHandle: "quinn" },
];

const WORKSPACE_TABLES = ["lead", "contact", "note", "task", "invoice", "invoiceLine", "invoicePayment", "invoiceApproval", "member", "activity", "outboxMessage", "chatLink", "linkCode"] as const;

describe(`cross-tenant matrix (${engineUnderTest})`, () => {
  let app: App;
  const clock = fixedClock("2026-11-25T09:00:00Z");
  /** Every workspace id each query named, while `recording` is on. */
  let named: string[][] = [];
  let recording = false;

  const run = (line: string, who: CallerKey): Promise<Reply> => app.dispatcher.handle(line, who);

  function workspaceIdsIn(value: unknown, out: string[] = []): string[] {
    if (Array.isArray(value)) value.forEach((inner) => workspaceIdsIn(inner, out));
    else if (value && typeof value === "object") {
      for (const [key, inner] of Object.entries(value)) {
        if (key === "workspaceId" || key === "currentWorkspaceId") {
          if (typeof inner === "string") out.push(inner);
          else if (inner && typeof inner === "object" && Array.isArray((inner as { in?: unknown }).in)) out.push(...((inner as { in: string[] }).in));
          else if (inner && typeof inner === "object" && typeof (inner as { equals?: unknown }).equals === "string") out.push((inner as { equals: string }).equals);
        } else if (key.startsWith("workspaceId_") && inner && typeof inner === "object") {
          const id = (inner as { workspaceId?: unknown }).workspaceId;
          if (typeof id === "string") out.push(id);
          workspaceIdsIn(inner, out);
        } else workspaceIdsIn(inner, out);
      }
    }
    return out;
  }

  async function snapshot(except: string): Promise<string> {
    const db = app.database.prisma as unknown as Record<string, { findMany(args: object): Promise<unknown[]> }>;
    const parts: unknown[] = [];
    for (const table of WORKSPACE_TABLES) {
      parts.push(await db[table]!.findMany({ where: { workspaceId: { not: except } }, orderBy: table === "linkCode" ? { code: "asc" } : { id: "asc" } }));
    }
    parts.push(await app.database.prisma.workspace.findMany({ where: { id: { not: except } }, orderBy: { id: "asc" } }));
    return JSON.stringify(parts, (_key, value) => (typeof value === "bigint" ? String(value) : value));
  }

  beforeAll(async () => {
    const database = await testDatabase();
    const prisma = database.prisma.$extends({
      query: {
        $allModels: {
          async $allOperations({ args, query }) {
            if (recording) named.push(workspaceIdsIn(args));
            return query(args);
          },
        },
      },
    }) as unknown as typeof database.prisma;
    const config = loadConfig({ DATABASE_URL: database.url, LOG_LEVEL: "silent" });
    app = await buildApp(config, { database: { ...database, prisma }, log: createLogger("silent"), clock });

    for (const tenant of tenants) {
      const { owner, member } = tenant;
      const secret = `SECRET-${tenant.name.replace(/\W/g, "")}`;
      for (const n of [1, 2, 3]) await run(`/lead add ${secret}-${n} ${n}000 USD email:lead${n}@${secret.toLowerCase()}.example`, owner);
      await run(`/lead note 1 ${secret} note`, owner);
      await run(`/task add ${secret} task due tomorrow 10:00`, owner);
      await run(`/invoice new ${secret} Corp ; Work 1 x 700 USD`, owner);
      await run(`/invoice new ${secret} Other ; Work 2 x 100 USD`, owner);
      await run("/invoice submit 2", owner);
      await run("/lead list", member);
      tenant.actor = await app.dispatcher.resolve(owner);
      expect(tenant.actor.workspace.name).toBe(tenant.name);
    }
    expect(new Set(tenants.map((tenant) => tenant.actor!.workspace.id)).size).toBe(tenants.length);
  }, 240_000);
  afterAll(async () => {
    await app?.close();
  });

  it("reads nothing and writes nothing across workspaces, whoever tries whatever", async () => {
    let crossReads = 0;
    let crossWrites = 0;
    /** A guard that the recorder sees queries at all: the attackers' reads of their own workspace. */
    let ownReads = 0;
    const leaks: string[] = [];
    for (const attacker of tenants) {
      const own = attacker.actor!.workspace.id;
      for (const who of [attacker.owner, attacker.member]) {
        for (const victim of tenants.filter((tenant) => tenant !== attacker)) {
          const secret = `SECRET-${victim.name.replace(/\W/g, "")}`;
          const task = await app.database.prisma.task.findFirstOrThrow({ where: { workspaceId: victim.actor!.workspace.id }, select: { id: true } });
          const invoice = await app.database.prisma.invoice.findFirstOrThrow({ where: { workspaceId: victim.actor!.workspace.id }, select: { id: true } });
          const ctxOf = (actor: Actor) => ({ actor });
          const lines = [
            "/lead list all", `/lead find ${secret}`, "/lead find SECRET", "/lead show 4", "/lead show 9",
            "/lead stage 4 won", "/lead note 5 hello", `/lead assign 1 @${victim.memberHandle}`, "/lead followup 6 tomorrow",
            "/task list all", "/task show 2", "/task done 2", `/task add Steal @${victim.memberHandle}`,
            "/invoice list all", "/invoice show 3", "/invoice void 3 gone", "/invoice paid 3",
            "/crm members", "/crm workspace", "/crm settings", `/crm role @${victim.memberHandle} admin`, "/crm use",
          ];
          const before = await snapshot(own);
          named = [];
          recording = true;
          const answers: string[] = [];
          for (const line of lines) answers.push(toPlainText(await run(line, who)));
          // Replayed buttons (signed by the victim's workspace) and forged ones (signed by ours, naming theirs).
          const payloads = [
            button(ctxOf(victim.actor!), "task.done", task.id, "x").id,
            button(ctxOf(attacker.actor!), "task.done", task.id, "x").id,
            button(ctxOf(attacker.actor!), "task.snooze1h", task.id, "x").id,
            button(ctxOf(victim.actor!), "inv.discard", invoice.id, "x").id,
            button(ctxOf(attacker.actor!), "inv.submit", invoice.id, "x").id,
            button(ctxOf(attacker.actor!), "ws.use", victim.actor!.workspace.id, "x").id,
          ];
          for (const payload of payloads) {
            const result = await app.dispatcher.press(payload, who);
            answers.push(result.kind === "alert" ? result.text : toPlainText(result.reply));
          }
          recording = false;
          const foreign = named.flat().filter((id) => id !== own && tenants.some((tenant) => tenant.actor!.workspace.id === id));
          crossReads += foreign.length;
          ownReads += named.flat().filter((id) => id === own).length;
          if (foreign.length) leaks.push(`${attacker.name} → ${victim.name}: ${foreign.length} queries`);
          // Their records' titles, notes and e-mails ("SECRET-X-1", "SECRET-X note", "@secret-x-….example"); a
          // "no lead matches" answer only echoes the search text back.
          const theirs = new RegExp(`${secret}[- ]|${secret.toLowerCase()}\\.example`);
          for (const answer of answers) if (theirs.test(answer)) leaks.push(`${attacker.name} saw ${secret}: ${answer.slice(0, 80)}`);
          if ((await snapshot(own)) !== before) {
            crossWrites++;
            leaks.push(`${attacker.name} changed another workspace`);
          }
        }
      }
    }
    expect(ownReads).toBeGreaterThan(1000);
    expect(leaks).toEqual([]);
    expect({ crossReads, crossWrites }).toEqual({ crossReads: 0, crossWrites: 0 });
  }, 600_000);
});
