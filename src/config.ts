import { z } from "zod";
import { LANGUAGES } from "./domain/settings/language.js";

const zone = z.string().refine(isZone, "expected an IANA time zone such as Asia/Tehran or UTC");
const databaseUrl = z
  .string()
  .regex(/^(postgres(ql)?:\/\/.+|pglite:.+)$/, "expected postgres://user@host:5432/db, pglite:<directory> or pglite:memory");

const RETENTION_DAYS = "expected a whole number of days from 1 to 3650, such as 30";

/** A duration in milliseconds for one of the PostgreSQL timeouts; 0 would mean "wait forever", which is the bug. */
const millis = (fallback: number) =>
  z.coerce
    .number()
    .int("expected whole milliseconds such as 5000")
    .min(100, "expected at least 100 ms (0 would wait forever)")
    .max(3_600_000, "expected at most 3600000 ms (an hour)")
    .default(fallback);

const schema = z.object({
  DATABASE_URL: databaseUrl.default("pglite:./data/threadline"),
  // PostgreSQL only: every wait on the database ends, so a dead connection is noticed and replaced. The same
  // defaults as the adapter's DEFAULT_TIMEOUTS (a config test keeps them equal).
  DB_CONNECT_TIMEOUT_MS: millis(5_000),
  DB_STATEMENT_TIMEOUT_MS: millis(10_000),
  DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: millis(15_000),
  DB_KEEPALIVE_MS: millis(10_000),
  DB_TRANSACTION_TIMEOUT_MS: millis(20_000),
  CRM_DEFAULT_TIMEZONE: zone.default("UTC"),
  /** A language with a complete catalog: people who have not chosen their own read it. */
  CRM_DEFAULT_LOCALE: z.enum(LANGUAGES, { message: `expected one of ${LANGUAGES.join(", ")}` }).default("en"),
  /** Days the inbound delivery log and finished outbox rows are kept. */
  CRM_RETENTION_DAYS: z.coerce
    .number({ error: RETENTION_DAYS })
    .int(RETENTION_DAYS)
    .min(1, RETENTION_DAYS)
    .max(3650, RETENTION_DAYS)
    .default(30),
  CRM_DEFAULT_CURRENCY: z
    .string()
    .refine((code) => Intl.supportedValuesOf("currency").includes(code), "expected an ISO 4217 code such as USD, IRR or AMD")
    .default("USD"),
  /** Unset: "info", or "warn" when the console chat is the only door (logs share its terminal). */
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Forces the console chat even when platform tokens are set (local trials, demos). */
  CONSOLE_CHAT: z.enum(["auto", "on", "off"]).default("auto"),
  CONSOLE_USER: z.string().min(1).optional(),
  /** Where the console writes the files its messages carry (invoice PDFs); beside the embedded database's default folder. */
  CONSOLE_FILES_DIR: z.string().min(1).default("./data/files"),
  /** Commands accepted and not yet worked, per instance, past which new ones are answered "busy, try again". */
  INBOX_MAX_DEPTH: z.coerce.number().int().min(1, "expected a whole number of commands, at least 1, such as 1000").default(1000),
  /**
   * What this instance does with deliveries (PostgreSQL only, several instances on one server): "both"
   * records and works them; "intake" records and acknowledges them and leaves the work to "work" instances,
   * which receive nothing themselves and take each recorded delivery as soon as it is committed.
   */
  INBOX_ROLE: z.enum(["both", "intake", "work"], { error: "expected both, intake or work" }).default("both"),
  // Telegram: a token turns the door on; a webhook URL switches it from long polling to webhook delivery.
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, "expected a token from @BotFather such as 123456:ABC-DEF1234").optional(),
  /** Another Bot API server (a local telegram-bot-api, the test emulator). */
  TELEGRAM_API_ROOT: z.url({ protocol: /^https?$/, error: "expected an http(s) URL such as http://127.0.0.1:8081" }).optional(),
  TELEGRAM_WEBHOOK_URL: z
    .url({ protocol: /^https?$/, error: "expected the public URL Telegram posts to, such as https://crm.example.com/telegram" })
    // telegraf matches the request path exactly, so a query string or fragment would make every delivery a 403.
    .refine((url) => !/[?#]/.test(url), "the webhook URL must not have a query string or fragment")
    .optional(),
  TELEGRAM_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,256}$/, "expected 1-256 characters from A-Z, a-z, 0-9, _ and -")
    .optional(),
  // Bale: the same Bot API door against Bale's server (https://tapi.bale.ai); a token from Bale's @BotFather.
  BALE_BOT_TOKEN: z.string().regex(/^\d+:[A-Za-z0-9_-]+$/, "expected a token from Bale's @BotFather such as 123456789:AbCdEf").optional(),
  /** Bale's Bot API root; another one for the test emulator. */
  BALE_API_ROOT: z.url({ protocol: /^https?$/, error: "expected an http(s) URL such as https://tapi.bale.ai" }).optional(),
  BALE_WEBHOOK_URL: z
    .url({ protocol: /^https?$/, error: "expected the public URL Bale posts to, such as https://crm.example.com/bale" })
    .refine((url) => !/[?#]/.test(url), "the webhook URL must not have a query string or fragment")
    .optional(),
  /** Bale sends no secret header, so the secret is added to the webhook's path: long and random, URL-safe. */
  BALE_WEBHOOK_SECRET: z
    .string()
    .regex(/^[A-Za-z0-9_-]{32,256}$/, "expected 32-256 characters from A-Z, a-z, 0-9, _ and -")
    .optional(),
  // Slack: a bot token turns the door on; an app token switches it from HTTP (/slack/events) to Socket Mode.
  SLACK_BOT_TOKEN: z.string().regex(/^xoxb-\S+$/, "expected a bot token starting with xoxb-").optional(),
  SLACK_SIGNING_SECRET: z.string().min(1).optional(),
  SLACK_APP_TOKEN: z.string().regex(/^xapp-\S+$/, "expected an app-level token starting with xapp- (connections:write)").optional(),
  /** Another Web API base (the test emulator), such as http://127.0.0.1:4010/api/. */
  SLACK_API_URL: z.url({ protocol: /^https?$/, error: "expected an http(s) URL such as https://slack.com/api/" }).optional(),
}).superRefine((env, ctx) => {
  if (env.SLACK_BOT_TOKEN && !env.SLACK_APP_TOKEN && !env.SLACK_SIGNING_SECRET) {
    ctx.addIssue({
      code: "custom",
      path: ["SLACK_SIGNING_SECRET"],
      message: "Slack over HTTP needs the app's signing secret to verify requests (or set SLACK_APP_TOKEN for Socket Mode)",
    });
  }
  if (env.BALE_WEBHOOK_URL && !env.BALE_WEBHOOK_SECRET) {
    ctx.addIssue({
      code: "custom",
      path: ["BALE_WEBHOOK_SECRET"],
      message: "BALE_WEBHOOK_URL is set, so a secret is required (32-256 characters from A-Z, a-z, 0-9, _ and -)",
    });
  }
  // As openDatabase tells the engines apart: a URL that is not pglite: is a PostgreSQL server's.
  if (env.INBOX_ROLE !== "both" && env.DATABASE_URL.startsWith("pglite:")) {
    ctx.addIssue({
      code: "custom",
      path: ["INBOX_ROLE"],
      message: "intake and work instances share a PostgreSQL server: set DATABASE_URL=postgres://host/db, or INBOX_ROLE=both",
    });
  }
  if (env.TELEGRAM_WEBHOOK_URL && !env.TELEGRAM_WEBHOOK_SECRET) {
    ctx.addIssue({
      code: "custom",
      path: ["TELEGRAM_WEBHOOK_SECRET"],
      message: "TELEGRAM_WEBHOOK_URL is set, so a secret is required (1-256 characters from A-Z, a-z, 0-9, _ and -)",
    });
  }
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Parses the environment once at start-up; the first bad variable becomes one line a person can act on. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const result = schema.safeParse(blanksRemoved);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0]);
  throw new ConfigError(`Invalid ${name}=${JSON.stringify(env[name] ?? "")}: ${issue.message}.`);
}

function isZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
