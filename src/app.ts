import { prismaInbox } from "./adapters/prisma/inbox.prisma-repo.js";
import { createInboxWorker, type InboxWorkerOptions } from "./bots/inbox/inbox.worker.js";
import type { OutboxDispatcherOptions } from "./adapters/outbox/dispatch-options.js";
import { prismaContactRepo } from "./adapters/prisma/contact.prisma-repo.js";
import { prismaLeadRepo } from "./adapters/prisma/lead.prisma-repo.js";
import { fillMatchKeys } from "./adapters/prisma/fill-match-keys.js";
import { prismaMemberRepo } from "./adapters/prisma/member.prisma-repo.js";
import { openDatabase, type Database } from "./adapters/prisma/client.js";
import { applyMigrations } from "./adapters/prisma/migrate.js";
import { callerCache } from "./adapters/prisma/caller-cache.js";
import { systemClock } from "./adapters/clock.js";
import { createOutboxDispatcher, defaultInstanceId } from "./adapters/outbox/dispatcher.js";
import type { Messengers } from "./bots/messenger.js";
import { composers } from "./bots/reminders/all.composers.js";
import { buttonActions, commandRegistry } from "./bots/commands/all.commands.js";
import { createDispatcher } from "./bots/commands/dispatch.js";
import { allForms } from "./bots/forms/all.forms.js";
import { createFormEngine } from "./bots/forms/form.engine.js";
import { prismaFormSessions } from "./adapters/prisma/form-session.prisma-repo.js";
import type { Services } from "./bots/commands/services.js";
import type { Config } from "./config.js";
import type { Clock } from "./domain/shared/clock.js";
import { createContactUseCases } from "./domain/contacts/contact.use-cases.js";
import { createLeadUseCases } from "./domain/leads/lead.use-cases.js";
import { createLinkUseCases } from "./domain/members/link.use-cases.js";
import { prismaLinkRepo } from "./adapters/prisma/link.prisma-repo.js";
import { prismaChatRepo } from "./adapters/prisma/chat.prisma-repo.js";
import { newLinkCode } from "./adapters/ids.js";
import { prismaWorkspaceRepo } from "./adapters/prisma/workspace.prisma-repo.js";
import { createLogger, type Logger } from "./log.js";
import { readDate, readWhen } from "./adapters/when-parser.js";
import { prismaReminderRepo } from "./adapters/prisma/reminder.prisma-repo.js";
import { prismaSettingsRepo } from "./adapters/prisma/settings.prisma-repo.js";
import { prismaTaskRepo } from "./adapters/prisma/task.prisma-repo.js";
import { createReminderUseCases, withDigestOnContact } from "./domain/reminders/reminder.use-cases.js";
import { createDisplayUseCases } from "./domain/settings/display.use-cases.js";
import { createSettingsUseCases } from "./domain/settings/settings.use-cases.js";
import { createLanguageUseCases } from "./domain/settings/language.use-cases.js";
import { createTaskUseCases } from "./domain/tasks/task.use-cases.js";
import { prismaInvoiceRepo } from "./adapters/prisma/invoice.prisma-repo.js";
import { createInvoiceUseCases } from "./domain/invoices/invoice.use-cases.js";
import { createInvoiceSettingsUseCases } from "./domain/invoices/invoice-settings.use-cases.js";
import { createRoleUseCases } from "./domain/members/role.use-cases.js";
import { createWorkspaceUseCases } from "./domain/members/workspace.use-cases.js";
import { prismaHomeRepo } from "./adapters/prisma/home.prisma-repo.js";
import { createHomeUseCases } from "./domain/home/home.use-cases.js";

export type AppOptions = {
  clock?: Clock;
  log?: Logger;
  database?: Database;
  /** Tests tune the inbox (a small bound) and the outbox (no pacing against an emulator without limits). */
  inbox?: Partial<InboxWorkerOptions>;
  outbox?: Partial<OutboxDispatcherOptions>;
};

/** The composition root: config in, every wired dependency out. Tests call it with a fixed clock. */
export async function buildApp(config: Config, options: AppOptions = {}) {
  const log = options.log ?? createLogger(config.LOG_LEVEL ?? "info");
  const clock = options.clock ?? systemClock;
  const database =
    options.database ??
    (await openDatabase(config.DATABASE_URL, {
      timeouts: {
        connectMs: config.DB_CONNECT_TIMEOUT_MS,
        statementMs: config.DB_STATEMENT_TIMEOUT_MS,
        idleInTransactionMs: config.DB_IDLE_IN_TRANSACTION_TIMEOUT_MS,
        keepAliveMs: config.DB_KEEPALIVE_MS,
        transactionMs: config.DB_TRANSACTION_TIMEOUT_MS,
      },
      // The work on it fails with this error and is answered or retried by its caller; this line says why.
      onConnectionLost: (error) => log.warn({ err: error.message }, "database connection lost; it is discarded and replaced"),
    }));
  try {
    const applied = await applyMigrations(database.sql);
    if (applied.length) log.info({ applied }, "applied migrations");
    const filled = await fillMatchKeys(database.sql);
    if (filled) log.info({ filled }, "filled look-alike keys");
  } catch (error) {
    await database.close();
    throw error;
  }
  if (database.engine === "pglite") await releaseDeadClaims(database);
  const db = database.prisma;
  // Known callers are kept in memory while this instance hears of every change to them (caller-cache.ts).
  const callers = callerCache();
  let heard = false;
  const stopListening = await database.listenToCallerChanges(callers.changed, (listening) => {
    callers.listening(listening);
    if (heard && !listening) log.warn("not listening to caller changes: callers are looked up every time until it listens again");
    if (!heard && listening) log.info("listening to caller changes");
    heard = listening;
  });
  const members = prismaMemberRepo(db, callers);
  const leads = prismaLeadRepo(db);
  const registry = commandRegistry();
  const workspaces = prismaWorkspaceRepo(db);
  const reminderRepo = prismaReminderRepo(db, leads);
  // An intake instance tells the work instances of what it recorded (INBOX_ROLE).
  const inboxStore = prismaInbox(database, { announce: config.INBOX_ROLE === "intake" });
  const taskRepo = prismaTaskRepo(db);
  const instanceId = defaultInstanceId();
  const services: Services = {
    clock,
    registry,
    leads: createLeadUseCases({ leads, members, clock }),
    contacts: createContactUseCases({ contacts: prismaContactRepo(db), leads }),
    links: createLinkUseCases({ links: prismaLinkRepo(db), clock, newCode: newLinkCode }),
    tasks: createTaskUseCases({ tasks: taskRepo, members, leads, clock, readWhen }),
    reminders: createReminderUseCases({ reminders: reminderRepo, clock, readWhen }),
    settings: createSettingsUseCases({ settings: prismaSettingsRepo(db, reminderRepo), clock }),
    languages: createLanguageUseCases({ workspaces }),
    invoices: createInvoiceUseCases({ invoices: prismaInvoiceRepo(db), workspaces, leads, clock, readDate }),
    invoiceSettings: createInvoiceSettingsUseCases({ workspaces }),
    roles: createRoleUseCases({ members, workspaces }),
    workspaces: createWorkspaceUseCases({ members, workspaces }),
    display: createDisplayUseCases({ workspaces }),
    home: createHomeUseCases({ home: prismaHomeRepo(db), tasks: taskRepo, clock }),
  };
  const dispatcher = createDispatcher({
    registry,
    actions: buttonActions(),
    // Every caller has exactly one pending digest from their first contact on (a cheap read afterwards).
    members: withDigestOnContact(members, reminderRepo, clock),
    inbox: inboxStore,
    services,
    defaults: { timezone: config.CRM_DEFAULT_TIMEZONE, locale: config.CRM_DEFAULT_LOCALE, currency: config.CRM_DEFAULT_CURRENCY },
    log,
    // PGlite is one connection in this very thread: running commands side by side gains nothing there and
    // keeps the event loop from acknowledging new requests. A server gets a bound under its pool of 10.
    maxConcurrent: database.engine === "pglite" ? 1 : 8,
    forms: createFormEngine({ forms: allForms(), registry, sessions: prismaFormSessions(db) }),
  });
  // The doors' outbound clients, filled in by main.ts as each door starts; only the outbox sends with them,
  // never a command (commands run inside database transactions).
  const messengers: Messengers = {};
  // Sends the outbox. main.ts starts it once the doors have put their messengers into `messengers`
  // (read at every send) and stops it before closing the database. Only the leader-lease holder sends.
  const outbox = createOutboxDispatcher({
    db: database,
    messengers,
    dispatcher,
    composers: composers(),
    clock,
    log,
    instanceId,
    options: { retentionDays: config.CRM_RETENTION_DAYS, ...options.outbox },
  });
  // The inbox: doors record each delivery there before acknowledging it and register how their entries are
  // worked; main.ts starts it (resuming what a crash left) once the doors are in, and stops it before the
  // database closes. An answer written as an outbox row wakes the outbox, so it leaves at once.
  const inbox = createInboxWorker({
    inbox: inboxStore,
    clock,
    log,
    holder: instanceId,
    options: { maxDepth: config.INBOX_MAX_DEPTH, ...options.inbox },
    wakeOutbox: () => outbox.kick(),
    role: config.INBOX_ROLE,
    listenToArrivals: database.listenToArrivals,
  });
  // Telegram chats that move to a new id (a group upgraded to a supergroup) are followed through this.
  const chats = prismaChatRepo(db);
  return {
    config,
    log,
    clock,
    database,
    registry,
    services,
    members,
    workspaces,
    chats,
    dispatcher,
    messengers,
    outbox,
    inbox,
    /** Finishes (or gives back) the inbox's work in hand, lets the outbox end its round, closes the database. */
    async close() {
      await inbox.stop();
      await outbox.stop();
      await stopListening();
      await database.close();
    },
  };
}

export type App = Awaited<ReturnType<typeof buildApp>>;

/**
 * On the embedded engine the directory lock proves no other process is alive, so the claims a crashed run
 * left behind (the outbox leader lease, rows it was sending, inbox entries it was working) are released at once instead of waiting for
 * their leases to run out: a reminder due during the crash goes out right after the restart. Rows that were
 * being sent stay 'sending' with an expired claim, so the dispatcher treats them as possibly sent.
 */
async function releaseDeadClaims(database: Database) {
  await database.sql.exec(`DELETE FROM "DispatcherLease";
    UPDATE "OutboxMessage" SET "leaseUntil" = now() WHERE state = 'sending' AND "leaseUntil" > now();
    UPDATE "InboundDelivery" SET "claimedBy" = NULL, "leaseUntil" = NULL WHERE state IN ('pending', 'done') AND "claimedBy" IS NOT NULL;`);
}
