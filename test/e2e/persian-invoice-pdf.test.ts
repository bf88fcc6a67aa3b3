import { afterEach, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { startTelegramEmulator, type TelegramEmulator } from "../emulators/telegram-emulator.js";
import { openTelegramDoor } from "../bots/telegram/telegram.support.js";
import { testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";
import { repliesSent, unpacedOutbox } from "../support/inbox.js";
import { pdfText, squashed } from "../support/pdf-text.js";

/**
 * Issue 10's "done when", the PDF half, through the real command path: a workspace made with
 * CRM_DEFAULT_LOCALE=fa (or hy) on Telegram drafts an invoice typed as its people type it, approves and
 * sends it, and the outbox uploads the PDF into the chat (every update through the inbox, every answer
 * and the PDF through the outbox). The PDF is read back with pdftotext, as a reader
 * copying from it would get it. Now is Wed 2026-11-25 09:00 UTC (4 Azar 1405 in Tehran).
 */
describe(`an invoice PDF made and sent on Telegram in the team's language (${engineUnderTest})`, () => {
  let close: () => Promise<void> = async () => {};
  afterEach(async () => {
    await close();
    close = async () => {};
  });

  /** The Telegram door on the emulator for a workspace in `locale`; `say` types in a private chat and returns the bot's last answer. */
  async function team(locale: string, zone: string) {
    const clock = fixedClock("2026-11-25T09:00:00Z");
    const app: App = await testApp({ clock, outbox: unpacedOutbox, env: { CRM_DEFAULT_LOCALE: locale, CRM_DEFAULT_TIMEZONE: zone } });
    const tg: TelegramEmulator = await startTelegramEmulator({ limits: false });
    // The door's messenger is the outbox's way into Telegram; the outbox runs (openTelegramDoor starts it).
    const door = await openTelegramDoor("webhook", app, tg);
    close = async () => {
      await app.outbox.stop();
      await door.close();
      await tg.close();
      await app.close();
    };
    const person = tg.user(locale === "fa" ? { first_name: "سارا", username: "sara" } : { first_name: "Անահիտ", username: "anahit" });
    const dm = tg.privateChat(person);
    const say = async (text: string) => {
      await tg.userSays(dm, person, text).settled;
      await repliesSent(app);
      return (tg.botMessages(dm).at(-1)?.text ?? "").replace(/[\u2066-\u2069]/g, "");
    };
    /** The text of the one PDF the outbox uploaded into the chat. */
    const sentPdf = async () => {
      const documentsIn = () => tg.botMessages(dm).filter((message) => message.document);
      await expect.poll(() => documentsIn().length, { timeout: 20_000 }).toBe(1);
      const documents = documentsIn();
      expect(documents.map((message) => message.document!.file_name)).toEqual(["INV-2026-0001.pdf"]);
      return pdfText(tg.files.get(documents[0]!.document!.file_id)!.bytes);
    };
    return { app, say, sentPdf };
  }

  it("prints a Persian invoice for شرکت آرین readably: the name, the line and Persian-digit amounts, with Jalali dates", async () => {
    const { app, say, sentPdf } = await team("fa", "Asia/Tehran");
    expect(await say("/crm settings business name استودیو رشته")).toContain("استودیو رشته");
    const draft = await say("/invoice new شرکت آرین ؛ طراحی ۱۰ x ۴۵۰٬۰۰۰ IRR ؛ tax ۱۰٪");
    expect(draft).toContain("۴٬۹۵۰٬۰۰۰ IRR");
    expect(await say("/invoice submit ۱")).toContain("INV-2026-0001");
    await say("/invoice send INV-2026-0001");
    expect(await app.database.prisma.invoice.findFirstOrThrow({ select: { state: true, locale: true } })).toEqual({ state: "sent", locale: "fa" });

    const text = await sentPdf();
    // pdftotext puts right-to-left text back in logical order but wraps its stretches in embedding marks
    // and spaces them loosely; squashed() drops both, so the letters and their order are what is compared.
    const read = squashed(text);
    for (const expected of [
      "شرکت آرین", // the customer, as typed
      "استودیو رشته", // the seller, from /crm settings business name
      "فاکتور",
      "طراحی", // the line
      "۱۰", // its quantity
      "۴۵۰٬۰۰۰", // unit price
      "۴٬۵۰۰٬۰۰۰", // line amount and subtotal
      "مالیات",
      "۴٬۹۵۰٬۰۰۰", // total with 10% tax
      "جمع کل",
      "۴ آذر ۱۴۰۵", // issued today, in the Jalali calendar
      "۱۸ آذر ۱۴۰۵", // due 14 days later
    ]) {
      expect(read).toContain(squashed(expected));
    }
    // Every amount and date is in Persian digits: the only Latin digits left are the invoice number's.
    expect(text.replace("INV-2026-0001", "")).not.toMatch(/[0-9]/);
    // Nothing came out as the Latin-1 garbage of a font without Persian glyphs.
    expect(text).not.toMatch(/[\u00c0-\u00ff]/);
  });

  it("prints an Armenian invoice with the Armenian customer, line and labels", async () => {
    const { say, sentPdf } = await team("hy", "Asia/Yerevan");
    const draft = await say("/invoice new Արարատ ՍՊԸ ; Դիզայն 10 x 45000 AMD ; tax 20%");
    expect(draft).toContain("540\u00a0000 AMD");
    expect(await say("/invoice submit 1")).toContain("INV-2026-0001");
    await say("/invoice send INV-2026-0001");

    const read = squashed(await sentPdf());
    for (const expected of [
      "Արարատ ՍՊԸ", // the customer, as typed
      "Դիզայն", // the line
      "45 000 AMD", // whole drams, no decimals
      "450 000 AMD",
      "540 000 AMD", // with 20% tax
      "ՀԱՇԻՎ", // the page's own words are Armenian
      "Ընդհանուր",
      "25 նոյ, 2026 թ.", // dates with Armenian month names
      "9 դեկ, 2026 թ.",
    ]) {
      expect(read).toContain(squashed(expected));
    }
  });
});
