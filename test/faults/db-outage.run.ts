import { randomBytes } from "node:crypto";
import { startSlackEmulator, tookCommand } from "../emulators/slack-emulator.js";
import { startTelegramEmulator } from "../emulators/telegram-emulator.js";
import { queryOnce, withDatabase } from "../support/db.js";
import { freePort, spawnMain, within } from "../support/run-main.js";
import { startTcpProxy, type Outage } from "../support/tcp-proxy.js";

/**
 * `npm start` as a real process on PostgreSQL, reached through a TCP proxy this run starts on 127.0.0.1, with
 * Slack (HTTP) and Telegram (webhook) pointed at the emulators. A steady stream of `/lead add` commands
 * arrives on both while the proxy cuts the database path in one shape for a while and gives it back. Every
 * command is followed to its end: acknowledged or not, then done (its "Lead #… created" reply), answered
 * with an error, or silent (acknowledged, and no answer by the end of the run).
 */
export type OutageRunOptions = {
  /** A PostgreSQL server URL; the run creates a database of its own there and drops it. */
  serverUrl: string;
  shape: Outage;
  outageMs: number;
  /** Steady traffic before the cut and after the heal. */
  beforeMs: number;
  afterMs: number;
  /** One Slack and one Telegram command every `intervalMs`. */
  intervalMs: number;
  /** How long to wait, once sending stops, for the answers still owed. */
  drainMs: number;
  /** Extra environment for the app (shorter timeouts in the cheap test). */
  env?: Record<string, string>;
  progress?: (line: string) => void;
};

type Platform = "slack" | "telegram";
type Window = "before" | "during" | "after";
type Command = {
  n: number;
  platform: Platform;
  window: Window;
  sentAt: number;
  acked: boolean | null;
  ackMs: number | null;
  answeredAt: number | null;
  answer: "done" | "error" | null;
  text?: string;
};

export type WindowFigures = { sent: number; acked: number; notAcked: number; done: number; error: number; silent: number };

export type OutageFigures = {
  shape: Outage;
  outageSeconds: number;
  /** Seconds from the heal until every command sent from then on was done; null if it never got there. */
  recoverySeconds: number | null;
  /** Seconds from the heal until the first command (whenever sent) was done. */
  firstDoneSeconds: number | null;
  windows: Record<Window, WindowFigures>;
  /** Slack acks slower than Slack's 3 s (Slack shows the user an error for those). */
  lateSlackAcks: number;
  /** Warnings the app logged for a lost database connection, and commands it logged as failed. */
  connectionLostLogs: number;
  commandFailedLogs: number;
  /** Leads in the database against "done" replies: more leads means an error was answered for work that was done. */
  leadsInDatabase: number;
  exit: { code: number | null; signal: string | null };
  /** A sample of the error answers, for the report. */
  errorSamples: string[];
};

const WEBHOOK_SECRET = "fault_webhook-secret";

export async function runDatabaseOutage(options: OutageRunOptions): Promise<OutageFigures> {
  const say = options.progress ?? (() => {});
  const server = new URL(options.serverUrl);
  const name = `tl_fault_${randomBytes(4).toString("hex")}`;
  await admin(options.serverUrl, `CREATE DATABASE ${name}`);
  const proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
  const viaProxy = new URL(options.serverUrl);
  viaProxy.host = `127.0.0.1:${proxy.port}`;
  viaProxy.pathname = `/${name}`;

  const slack = await startSlackEmulator({ users: { U0ANNA: { name: "anna", tz: "UTC" } } });
  // No flood limits: this run is about the database, not Telegram's pacing of replies.
  const tg = await startTelegramEmulator({ limits: false });
  const port = await freePort();
  const hook = `http://127.0.0.1:${port}/telegram/hook`;
  const app = spawnMain({
    DATABASE_URL: viaProxy.toString(),
    PORT: String(port),
    LOG_LEVEL: "warn",
    SLACK_BOT_TOKEN: slack.botToken,
    SLACK_SIGNING_SECRET: slack.signingSecret,
    SLACK_API_URL: slack.apiUrl,
    TELEGRAM_BOT_TOKEN: tg.token,
    TELEGRAM_API_ROOT: tg.apiRoot,
    TELEGRAM_WEBHOOK_URL: hook,
    TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ...options.env,
  });
  const commands: Command[] = [];
  const inflight = new Set<Promise<void>>();
  try {
    await within(
      Promise.race([tg.waitFor("setWebhook"), app.exited.then((exit) => Promise.reject(new Error(`exited ${JSON.stringify(exit)}: ${app.stderr()}`)))]),
      60_000,
      "the app to start",
    );
    const target = `http://127.0.0.1:${port}/slack/events`;
    let window: Window = "before";
    let n = 0;
    let updateId = 1;

    const track = (work: Promise<void>) => {
      inflight.add(work);
      void work.finally(() => inflight.delete(work));
    };

    const sendSlack = (command: Command) =>
      track(
        (async () => {
          const text = `add Fault S${command.n} 100 USD`;
          try {
            const sent = await slack.sendCommand(target, { command: "/lead", text, user: { id: "U0ANNA", name: "anna" } });
            command.ackMs = Date.now() - command.sentAt;
            command.acked = tookCommand(sent);
            if (!command.acked) return;
            const id = sent.responseUrl.split("/").pop();
            const seen = () => slack.responses.find((response) => response.id === id);
            while (!seen() && !stopWaiting) await sleep(50);
            const response = seen();
            if (!response) return;
            command.answeredAt = Date.now();
            const body = `${JSON.stringify(response.body?.blocks ?? [])}\n${response.body?.text ?? ""}`;
            command.answer = /Lead #\d+ created/.test(body) ? "done" : "error";
            command.text = response.body?.text ?? body;
          } catch {
            command.acked = false;
          }
        })(),
      );

    const sendTelegram = (command: Command) =>
      track(
        (async () => {
          // One person, one private chat per command: the answer in that chat is this command's answer.
          const user = tg.user({ first_name: `T${command.n}`, username: `fault_t${command.n}` });
          const chat = tg.privateChat(user);
          const text = `/lead add Fault T${command.n} 100 USD`;
          const update = {
            update_id: updateId++,
            message: { message_id: command.n, from: user, chat, date: Math.floor(Date.now() / 1000), text, entities: [{ type: "bot_command", offset: 0, length: 5 }] },
          };
          try {
            const res = await fetch(hook, {
              method: "POST",
              headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": WEBHOOK_SECRET },
              body: JSON.stringify(update),
              // Telegram waits about a minute for a webhook before it counts the delivery as failed.
              signal: AbortSignal.timeout(60_000),
            });
            await res.arrayBuffer();
            command.ackMs = Date.now() - command.sentAt;
            // Anything but a 2xx is not an acknowledgement: Telegram delivers the update again later.
            command.acked = res.ok;
          } catch {
            command.acked = false;
          }
          if (!command.acked) return;
          const answer = () => tg.botMessages(chat)[0];
          while (!answer() && !stopWaiting) await sleep(50);
          const message = answer();
          if (!message) return;
          command.answeredAt = Date.now();
          command.answer = /Lead #\d+ created/.test(message.text ?? "") ? "done" : "error";
          command.text = message.text ?? "";
        })(),
      );

    let stopWaiting = false;
    const sendBoth = () => {
      for (const platform of ["slack", "telegram"] as const) {
        const command: Command = { n: ++n, platform, window, sentAt: Date.now(), acked: null, ackMs: null, answeredAt: null, answer: null };
        commands.push(command);
        if (platform === "slack") sendSlack(command);
        else sendTelegram(command);
      }
    };

    // Warm up (the first commands compile Prisma's queries and create the Slack workspace), then measure.
    sendBoth();
    await within(
      (async () => {
        while (!commands.every((command) => command.answer !== null)) await sleep(50);
      })(),
      60_000,
      "the warm-up commands' answers",
    );
    commands.length = 0;
    const ticker = setInterval(sendBoth, options.intervalMs);
    await sleep(options.beforeMs);
    say(`cutting the database path (${options.shape}) for ${options.outageMs / 1000} s`);
    window = "during";
    proxy.cut(options.shape);
    await sleep(options.outageMs);
    proxy.heal();
    const healedAt = Date.now();
    window = "after";
    say("database path back");
    await sleep(options.afterMs);
    clearInterval(ticker);
    say(`sending stopped; waiting up to ${options.drainMs / 1000} s for answers`);
    const until = Date.now() + options.drainMs;
    while (commands.some((command) => command.acked === null || (command.acked && command.answer === null)) && Date.now() < until) await sleep(100);
    stopWaiting = true;
    await Promise.all([...inflight]);

    const leads = await countLeads(options.serverUrl, name);
    const exit = await app.stop("SIGTERM");
    const stderr = app.stderr();
    if (process.env.FAULTS_STDERR) process.stderr.write(stderr);
    return {
      shape: options.shape,
      outageSeconds: options.outageMs / 1000,
      recoverySeconds: recovery(commands, healedAt),
      firstDoneSeconds: firstDone(commands, healedAt),
      windows: { before: figures(commands, "before"), during: figures(commands, "during"), after: figures(commands, "after") },
      lateSlackAcks: commands.filter((command) => command.platform === "slack" && (command.ackMs ?? 0) > 3_000).length,
      connectionLostLogs: stderr.split("\n").filter((line) => line.includes("database connection lost")).length,
      commandFailedLogs: stderr.split("\n").filter((line) => /"msg":"(command|button press) failed"/.test(line)).length,
      leadsInDatabase: leads,
      exit: { code: exit.code, signal: exit.signal },
      errorSamples: [...new Set(commands.filter((command) => command.answer === "error").map((command) => command.text ?? ""))].slice(0, 3),
    };
  } finally {
    if (app.child.exitCode === null && app.child.signalCode === null) await app.stop("SIGKILL");
    await proxy.close();
    await slack.close();
    await tg.close();
    await admin(options.serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  }
}

function figures(commands: Command[], window: Window): WindowFigures {
  const mine = commands.filter((command) => command.window === window);
  return {
    sent: mine.length,
    acked: mine.filter((command) => command.acked).length,
    notAcked: mine.filter((command) => !command.acked).length,
    done: mine.filter((command) => command.acked && command.answer === "done").length,
    error: mine.filter((command) => command.acked && command.answer === "error").length,
    silent: mine.filter((command) => command.acked && command.answer === null).length,
  };
}

/** The earliest moment from the heal on after which every command sent was done, in seconds after the heal. */
function recovery(commands: Command[], healedAt: number): number | null {
  const after = commands.filter((command) => command.sentAt >= healedAt).sort((a, b) => a.sentAt - b.sentAt);
  if (after.length === 0) return null;
  let lastBad = -1;
  after.forEach((command, i) => {
    if (!(command.acked && command.answer === "done")) lastBad = i;
  });
  if (lastBad === after.length - 1) return null;
  const from = lastBad === -1 ? healedAt : after[lastBad + 1]!.sentAt;
  return round((from - healedAt) / 1000);
}

function firstDone(commands: Command[], healedAt: number): number | null {
  const times = commands.filter((command) => command.answer === "done" && command.answeredAt! >= healedAt).map((command) => command.answeredAt!);
  return times.length ? round((Math.min(...times) - healedAt) / 1000) : null;
}

const round = (seconds: number) => Math.round(seconds * 100) / 100;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One statement on the server's own maintenance database (not through the proxy). */
const admin = (serverUrl: string, sql: string) => queryOnce(serverUrl, sql);

async function countLeads(serverUrl: string, database: string): Promise<number> {
  const [row] = await queryOnce<{ n: string }>(withDatabase(serverUrl, database), `SELECT count(*) AS n FROM "Lead" WHERE title LIKE 'Fault %'`);
  return Number(row!.n);
}
