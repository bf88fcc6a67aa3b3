// The "limit" app of the command benchmark: what a `/lead add` costs when nothing stands between Bolt and
// the database. A bare Bolt app that, per command, does the same durable effect as Threadline (the delivery
// key, the lead and its activity row) in ONE raw SQL statement, acks, and answers through response_url.
// Run by bench/command-cost.ts in a process of its own:
//   DATABASE_URL=postgresql://… | pglite:<dir>  SLACK_SIGNING_SECRET=…  SLACK_BOT_TOKEN=…  SLACK_API_URL=…  PORT=…
//   npx tsx bench/limit-app.ts
import { App, HTTPReceiver } from "@slack/bolt";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS delivery (key text PRIMARY KEY, received_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS lead (id bigserial PRIMARY KEY, workspace text NOT NULL, name text NOT NULL,
    value bigint, currency text, owner text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
  CREATE TABLE IF NOT EXISTS activity (id bigserial PRIMARY KEY, workspace text NOT NULL, lead_id bigint NOT NULL,
    kind text NOT NULL, actor text NOT NULL, at timestamptz NOT NULL DEFAULT now());`;

// Delivery key, lead and activity in one round trip; a repeated key inserts nothing and returns no row.
const ADD_LEAD = `
  WITH d AS (INSERT INTO delivery (key) VALUES ($1) ON CONFLICT DO NOTHING RETURNING key),
       l AS (INSERT INTO lead (workspace, name, value, currency, owner) SELECT $2, $3, $4, $5, $6 FROM d RETURNING id)
  INSERT INTO activity (workspace, lead_id, kind, actor) SELECT $2, id, 'lead.created', $6 FROM l RETURNING lead_id`;

type Query = (sql: string, params?: unknown[]) => Promise<{ rows: Array<Record<string, unknown>> }>;

async function open(url: string): Promise<Query> {
  if (url.startsWith("pglite:")) {
    const db = new PGlite(url.slice("pglite:".length));
    await db.exec(SCHEMA);
    return (sql, params) => db.query(sql, params);
  }
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  await pool.query(SCHEMA);
  return (sql, params) => pool.query(sql, params);
}

const query = await open(process.env.DATABASE_URL!);
const receiver = new HTTPReceiver({ signingSecret: process.env.SLACK_SIGNING_SECRET! });
// The token and API URL are the Slack emulator's: Bolt asks auth.test who the bot is before the first command.
const bolt = new App({
  token: process.env.SLACK_BOT_TOKEN!,
  receiver,
  deferInitialization: true,
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL!, retryConfig: { retries: 0 } },
});

bolt.command(/.*/, async ({ command, ack, respond }) => {
  const match = /^add\s+(.+?)\s+(\d+)\s+([A-Z]{3})$/.exec(command.text.trim());
  if (!match) return ack("Usage: /lead add <name> <amount> <CUR>");
  const [, name, amount, currency] = match;
  const { rows } = await query(ADD_LEAD, [
    `slack:${command.team_id}:${command.trigger_id}`, command.team_id, name, BigInt(amount!) * 100n, currency, command.user_id,
  ]);
  await ack();
  await respond({ response_type: "in_channel", text: `Lead #${rows[0]?.lead_id ?? "?"} added: ${name}` });
});

await bolt.init();
await receiver.start(Number(process.env.PORT));
process.stdout.write("limit app ready\n");
process.once("SIGTERM", () => process.exit(0));
