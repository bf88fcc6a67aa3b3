import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { toPlainText } from "../../src/bots/render/reply.js";
import { consoleCaller, testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";

/**
 * Input as Persian and Armenian speakers type it, through the real dispatcher and database: Persian digits
 * and separators in ids, amounts, quantities and rates; the lead-add amount rule; toman; calendars.
 * Now is Wed 2026-11-25 09:00 UTC: 12:30 in Tehran (4 Azar 1405), 13:00 in Yerevan.
 */
describe(`input as people type it, in a Persian workspace (${engineUnderTest})`, () => {
  let app: App;
  const clock = fixedClock("2026-11-25T09:00:00Z");
  const sara = consoleCaller("sara", "tehran");
  // Bidi isolation marks around Latin tokens in right-to-left text are not what these tests are about.
  const say = async (line: string, who = sara) => toPlainText(await app.dispatcher.handle(line, who)).replace(/[\u2066-\u2069]/g, "");
  const leadNumbered = (number: number) =>
    app.database.prisma.lead.findFirstOrThrow({ where: { number }, select: { title: true, valueMinor: true, currency: true } });
  const taskNumbered = (number: number) => app.database.prisma.task.findFirstOrThrow({ where: { number }, select: { title: true, dueAt: true } });
  const leadCount = () => app.database.prisma.lead.count();

  beforeAll(async () => {
    app = await testApp({ clock, env: { CRM_DEFAULT_LOCALE: "fa", CRM_DEFAULT_TIMEZONE: "Asia/Tehran", CRM_DEFAULT_CURRENCY: "IRR" } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("reads a Persian amount with ٬ separators, keeps the name as typed and shows Persian digits", async () => {
    const text = await say("/lead add شرکت آرین ۴۵۰٬۰۰۰٬۰۰۰ IRR");
    expect(await leadNumbered(1)).toEqual({ title: "شرکت آرین", valueMinor: 450_000_000n, currency: "IRR" });
    expect(text).toContain("۴۵۰٬۰۰۰٬۰۰۰ IRR");
  });

  it("reads an amount without separators, and one in the workspace's currency when none is named", async () => {
    await say("/lead add شرکت آرین ۴۵۰۰۰۰۰۰۰ IRR");
    expect(await leadNumbered(2)).toEqual({ title: "شرکت آرین", valueMinor: 450_000_000n, currency: "IRR" });
    await say("/lead add Acme 5000");
    expect(await leadNumbered(3)).toEqual({ title: "Acme", valueMinor: 5000n, currency: "IRR" });
  });

  it("reads toman as ten rials, in Latin or Persian letters", async () => {
    await say("/lead add Acme 5000 TOMAN");
    expect(await leadNumbered(4)).toEqual({ title: "Acme", valueMinor: 50_000n, currency: "IRR" });
    await say("/lead add فروشگاه نیلا ۱۲٫۵ تومان");
    expect(await leadNumbered(5)).toEqual({ title: "فروشگاه نیلا", valueMinor: 125n, currency: "IRR" });
  });

  it("keeps a quoted name that ends in a number as the name", async () => {
    await say('/lead add "Studio 54"');
    expect(await leadNumbered(6)).toEqual({ title: "Studio 54", valueMinor: null, currency: null });
  });

  it.each([
    ["/lead add Acme -5000 USD", "«-5000» مبلغ نیست"],
    ["/lead add Acme 5000USD", "جدا بنویسید، مثل 5000 USD"],
    ["/lead add Acme ۵۰۰۰usd", "جدا بنویسید، مثل ۵۰۰۰ usd"],
    ["/lead add Acme 5k", "«5k» مبلغ نیست"],
    ["/lead add Acme 5000 XYZ", "«XYZ» کد ارز ISO 4217 نیست"],
    ["/lead add Acme 12.5 IRR", "IRR ۰ رقم اعشار دارد"],
  ])("refuses %s with an example and keeps nothing", async (line, problem) => {
    const before = await leadCount();
    const text = await say(line);
    expect(text).toContain(problem);
    expect(text).toContain("نمونه: /lead add Acme Corp 5000 USD");
    expect(await leadCount()).toBe(before);
  });

  it("finds a lead by a Persian or Arabic-Indic number", async () => {
    expect(await say("/lead show ۱")).toContain("#1 شرکت آرین");
    expect(await say("/lead show #٢")).toContain("#2 شرکت آرین");
    expect(await say("/lead note ۱ تماس گرفتم، ۳ نفر بودند")).toContain("#۱");
    expect(await say("/lead show 1")).toContain("تماس گرفتم، ۳ نفر بودند");
  });

  it("drafts an invoice from Persian separators, digits, ٪ and ؛, keeping the description as typed", async () => {
    const text = await say("/invoice new شرکت آرین ؛ طراحی ۱۰ x ۴۵۰٬۰۰۰ IRR ؛ tax ۱۰٪");
    const invoice = await app.database.prisma.invoice.findFirstOrThrow({
      select: {
        customer: { select: { name: true } },
        currency: true,
        subtotalMinor: true,
        taxRates: true,
        taxTotal: true,
        totalMinor: true,
        lines: { select: { description: true, quantityMilli: true, unitPriceMinor: true } },
      },
    });
    expect(invoice).toMatchObject({ customer: { name: "شرکت آرین" }, currency: "IRR", subtotalMinor: 4_500_000n, taxRates: [10_000], taxTotal: 450_000n, totalMinor: 4_950_000n });
    expect(invoice.lines).toEqual([{ description: "طراحی", quantityMilli: 10_000n, unitPriceMinor: 450_000n }]);
    expect(text).toContain("۴٬۹۵۰٬۰۰۰ IRR");
  });

  it("records a payment typed in Persian digits", async () => {
    await say("/invoice new Acme ; Hosting 1 x 100000000 IRR");
    await say("/invoice submit 2");
    await say("/invoice send 2");
    const text = await say("/invoice paid ۲ ۱۰۰۰۰۰۰۰۰");
    expect(text).not.toContain("couldn");
    const paid = await app.database.prisma.invoicePayment.findMany({ select: { amountMinor: true } });
    expect(paid).toEqual([{ amountMinor: 100_000_000n }]);
  });

  it("reads an invoice's due date and a payment's date as typed in the Jalali calendar", async () => {
    await say("/invoice new Acme ; Design 1 x 1000 IRR ; due ۱۴۰۵/۰۹/۲۰");
    const draft = () => app.database.prisma.invoice.findFirstOrThrow({ where: { draftNumber: 3 }, select: { dueDate: true } });
    expect((await draft()).dueDate?.toISOString()).toBe("2026-12-11T00:00:00.000Z"); // 20 Azar 1405
    await say("/invoice submit 3");
    await say("/invoice send 3");
    await say("/invoice paid 3 ۴۰۰ 09/03"); // month/day in the Jalali calendar, the last such day: 3 Azar 1405
    const payment = await app.database.prisma.invoicePayment.findFirstOrThrow({ where: { amountMinor: 400n }, select: { paidOn: true } });
    expect(payment.paidOn.toISOString()).toBe("2026-11-24T00:00:00.000Z");
    expect(await say("/invoice new Acme ; Design 1 x 1000 IRR ; due 1404/12/30")).toContain("مثل 1405/09/15");
  });

  it("reads a Persian time phrase at the end of a task title as its due time, in Tehran", async () => {
    const text = await say("/task add تماس با آرین فردا ساعت ۱۰");
    const task = await taskNumbered(1);
    expect(task.title).toBe("تماس با آرین");
    expect(task.dueAt?.toISOString()).toBe("2026-11-26T06:30:00.000Z"); // Thu 10:00 Tehran (UTC+3:30)
    // Shown as a Jalali date with Persian digits on the 24-hour clock: 5 Azar 1405.
    expect(text).toContain("۵ آذر ۱۴۰۵");
    expect(text).toContain("۱۰:۰۰");
  });

  it("reads Jalali dates after due, and keeps a title without a time phrase whole", async () => {
    await say("/task add پیگیری فاکتور due ۱۴۰۵/۰۹/۱۵ ساعت ۱۴");
    expect((await taskNumbered(2)).dueAt?.toISOString()).toBe("2026-12-06T10:30:00.000Z");
    await say("/task add خرید ساعت");
    expect(await taskNumbered(3)).toEqual({ title: "خرید ساعت", dueAt: null });
    await say("/task add Call Acme tomorrow");
    expect(await taskNumbered(4)).toEqual({ title: "Call Acme tomorrow", dueAt: null });
    await say('/task add "جلسه فردا" شنبه');
    expect(await taskNumbered(5)).toMatchObject({ title: "جلسه فردا" });
    expect((await taskNumbered(5)).dueAt?.toISOString()).toBe("2026-11-28T05:30:00.000Z");
  });

  it("refuses a time phrase already past and an impossible Jalali date, with an example", async () => {
    expect(await say("/task add تماس امروز ساعت ۸")).toContain("08:00");
    expect(await say("/task add تماس due 1404/12/30")).toContain("مثل 1405/09/15");
    expect(await app.database.prisma.task.count()).toBe(5);
  });

  it("lists this week's tasks from Saturday to Friday for a Persian reader", async () => {
    // Today is Wednesday 2026-11-25: a Persian week runs Sat 21 – Fri 27 Nov; Saturday the 28th is next week.
    await say("/task add آماده کردن گزارش due جمعه ساعت ۱۸");
    await say("/task add جلسه با تیم due شنبه ساعت ۱۰");
    const text = await say("/task list week");
    expect(text).toContain("وظیفه‌های این هفته");
    expect(text).toContain("آماده کردن گزارش");
    expect(text).toContain("تماس با آرین");
    expect(text).not.toContain("جلسه با تیم");
  });

  it("lets a person choose the Gregorian calendar and shows dates in it", async () => {
    expect(await say("/crm me calendar gregorian")).toContain("میلادی");
    expect(await say("/task show ۱")).toContain("۲۶ نوامبر ۲۰۲۶");
    expect(await say("/crm me calendar default")).toContain("هجری شمسی");
    expect(await say("/task show 1")).toContain("۵ آذر ۱۴۰۵");
    expect(await say("/crm me calendar lunar")).toContain("jalali، gregorian یا default");
  });

  it("shows rial amounts as toman once the workspace asks, still storing rials", async () => {
    expect(await say("/crm settings currency-display toman")).toContain("به تومان");
    expect(await say("/lead show 1")).toContain("۴۵٬۰۰۰٬۰۰۰ تومان");
    expect((await leadNumbered(1)).valueMinor).toBe(450_000_000n);
    await say("/crm settings currency-display rial");
    expect(await say("/lead show 1")).toContain("۴۵۰٬۰۰۰٬۰۰۰ IRR");
  });
});

describe(`input as people type it, in an Armenian workspace (${engineUnderTest})`, () => {
  let app: App;
  const clock = fixedClock("2026-11-25T09:00:00Z");
  const anahit = consoleCaller("anahit", "yerevan");
  const say = async (line: string) => toPlainText(await app.dispatcher.handle(line, anahit)).replace(/[\u2066-\u2069]/g, "");
  const taskNumbered = (number: number) => app.database.prisma.task.findFirstOrThrow({ where: { number }, select: { title: true, dueAt: true } });

  beforeAll(async () => {
    app = await testApp({ clock, env: { CRM_DEFAULT_LOCALE: "hy", CRM_DEFAULT_TIMEZONE: "Asia/Yerevan", CRM_DEFAULT_CURRENCY: "AMD" } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("reads an Armenian time phrase at the end of a task title, in Yerevan, on the 24-hour clock", async () => {
    const text = await say("/task add Զանգ վաղը ժամը 10");
    expect(await taskNumbered(1)).toEqual({ title: "Զանգ", dueAt: new Date("2026-11-26T06:00:00.000Z") });
    expect(text).toContain("10:00");
    expect(text).not.toMatch(/AM|PM/);
  });

  it("reads day/month dates in Armenian order and refuses one that cannot be a date", async () => {
    await say("/task add Հանդիպում due 03/12 ժամը 15");
    expect((await taskNumbered(2)).dueAt?.toISOString()).toBe("2026-12-03T11:00:00.000Z");
    expect(await say("/task add Հանդիպում due 12/15")).toContain("օր/ամիս հերթականությամբ, օրինակ՝ 15/12");
  });

  it("shows whole drams without decimals", async () => {
    await say("/lead add Արարատ ՍՊԸ 450000 AMD");
    expect(await say("/lead show 1")).toContain("450\u00a0000 AMD");
  });
});
