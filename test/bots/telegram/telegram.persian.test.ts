import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { startTelegramEmulator, type TelegramEmulator, type TgChat, type TgUser } from "../../emulators/telegram-emulator.js";
import { testApp } from "../../support/app.js";
import { engineUnderTest } from "../../support/db.js";
import { fixedClock } from "../../support/fixed-clock.js";
import { repliesSent, unpacedOutbox } from "../../support/inbox.js";
import { openTelegramDoor } from "./telegram.support.js";

/**
 * Issue 10's "done when", the input and calendar half, on Telegram through the emulator: a workspace made
 * with CRM_DEFAULT_LOCALE=fa and CRM_DEFAULT_TIMEZONE=Asia/Tehran reads Persian digits, separators and time
 * phrases and answers with Persian digits and Jalali dates; the same in Armenian with a Yerevan workspace.
 * Now is Wed 2026-11-25 09:00 UTC: 12:30 in Tehran (4 Azar 1405), 13:00 in Yerevan.
 */
describe.each([
  { locale: "fa", zone: "Asia/Tehran", currency: "IRR" },
  { locale: "hy", zone: "Asia/Yerevan", currency: "AMD" },
])(`Telegram in $locale, $zone (${engineUnderTest})`, ({ locale, zone, currency }) => {
  let app: App;
  let tg: TelegramEmulator;
  let door: Awaited<ReturnType<typeof openTelegramDoor>>;
  let person: TgUser;
  let dm: TgChat;

  async function say(text: string): Promise<string> {
    await tg.userSays(dm, person, text).settled;
    await repliesSent(app);
    // Bidi isolation marks around Latin tokens in right-to-left text are not what these tests are about.
    return (tg.botMessages(dm).at(-1)?.text ?? "").replace(/[\u2066-\u2069]/g, "");
  }

  beforeAll(async () => {
    app = await testApp({
      clock: fixedClock("2026-11-25T09:00:00Z"),
      outbox: unpacedOutbox,
      env: { CRM_DEFAULT_LOCALE: locale, CRM_DEFAULT_TIMEZONE: zone, CRM_DEFAULT_CURRENCY: currency },
    });
    tg = await startTelegramEmulator({ limits: false });
    door = await openTelegramDoor("polling", app, tg);
    person = tg.user(locale === "fa" ? { first_name: "سارا", username: "sara" } : { first_name: "Անահիտ", username: "anahit" });
    dm = tg.privateChat(person);
  });
  afterAll(async () => {
    await door?.close();
    await tg?.close();
    await app?.close();
  });

  if (locale === "fa") {
    it("reads /lead add شرکت آرین ۴۵۰٬۰۰۰٬۰۰۰ IRR and shows the value in Persian digits", async () => {
      const text = await say("/lead add شرکت آرین ۴۵۰٬۰۰۰٬۰۰۰ IRR");
      expect(text).toContain("شرکت آرین");
      expect(text).toContain("۴۵۰٬۰۰۰٬۰۰۰ IRR");
      const lead = await app.database.prisma.lead.findFirstOrThrow({ select: { title: true, valueMinor: true, currency: true } });
      expect(lead).toEqual({ title: "شرکت آرین", valueMinor: 450_000_000n, currency: "IRR" });
    });

    it("answers /lead show ۱", async () => {
      const text = await say("/lead show ۱");
      expect(text).toContain("شرکت آرین");
      expect(text).toContain("۴۵۰٬۰۰۰٬۰۰۰ IRR");
      expect(text).toContain("۴ آذر ۱۴۰۵"); // created today, in the Jalali calendar
    });

    it("makes /task add تماس با آرین فردا ساعت ۱۰ due tomorrow 10:00 Tehran time, shown as a Jalali date", async () => {
      const text = await say("/task add تماس با آرین فردا ساعت ۱۰");
      const task = await app.database.prisma.task.findFirstOrThrow({ select: { title: true, dueAt: true } });
      expect(task).toEqual({ title: "تماس با آرین", dueAt: new Date("2026-11-26T06:30:00.000Z") });
      expect(text).toContain("۵ آذر ۱۴۰۵، ۱۰:۰۰");
    });

    it("drafts /invoice new شرکت آرین ؛ طراحی ۱۰ x ۴۵۰٬۰۰۰ IRR ؛ tax ۱۰٪ with the right totals", async () => {
      const text = await say("/invoice new شرکت آرین ؛ طراحی ۱۰ x ۴۵۰٬۰۰۰ IRR ؛ tax ۱۰٪");
      const invoice = await app.database.prisma.invoice.findFirstOrThrow({
        select: { customer: { select: { name: true } }, subtotalMinor: true, taxTotal: true, totalMinor: true, lines: { select: { description: true } } },
      });
      expect(invoice).toEqual({
        customer: { name: "شرکت آرین" },
        subtotalMinor: 4_500_000n,
        taxTotal: 450_000n,
        totalMinor: 4_950_000n,
        lines: [{ description: "طراحی" }],
      });
      expect(text).toContain("۴٬۵۰۰٬۰۰۰ IRR");
      expect(text).toContain("۴٬۹۵۰٬۰۰۰ IRR");
    });

    it("refuses /lead add Acme -5000 USD with an example and adds nothing", async () => {
      const text = await say("/lead add Acme -5000 USD");
      expect(text).toContain("-5000");
      expect(text).toContain("/lead add Acme Corp 5000 USD");
      expect(await app.database.prisma.lead.count()).toBe(1);
    });
  } else {
    it("makes /task add Զանգ վաղը ժամը 10 due tomorrow 10:00 Yerevan time, on the 24-hour clock", async () => {
      const text = await say("/task add Զանգ վաղը ժամը 10");
      const task = await app.database.prisma.task.findFirstOrThrow({ select: { title: true, dueAt: true } });
      expect(task).toEqual({ title: "Զանգ", dueAt: new Date("2026-11-26T06:00:00.000Z") });
      expect(text).toContain("26 նոյ, 2026 թ., 10:00");
    });

    it("reads /lead add with whole drams and shows them without decimals", async () => {
      const text = await say("/lead add Արարատ ՍՊԸ 450000 AMD");
      expect(text).toContain("450\u00a0000 AMD");
    });
  }
});
