import { Readable, PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import { runConsoleChat } from "../../src/bots/console/console.chat.js";
import { normalizeUserText } from "../../src/bots/user-text.js";
import { SUPPORTED_YEARS } from "../../src/domain/shared/date-range.js";
import { readWhen } from "../../src/adapters/when-parser.js";
import { DateTime } from "luxon";
import { consoleCaller, testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";

const INTERNAL = /Something went wrong/;

describe("normalizeUserText, the one cleaning every door applies to what people type", () => {
  it.each([
    ["a lone high surrogate", "Ac\uD800me", "Acme"],
    ["a lone low surrogate", "Ac\uDC00me", "Acme"],
    ["half an emoji at the end", "Call \uD83D", "Call "],
    ["NUL inside an e-mail", "email:a\u0000b@x.com", "email:ab@x.com"],
    ["bell, escape and DEL", "a\u0007b\u001Bc\u007Fd", "abcd"],
    ["a C1 control", "a\u0085b", "ab"],
    ["carriage returns", "one\r\ntwo\rthree", "one\ntwo\nthree"],
    ["decomposed letters (into NFC)", "Cafe\u0301", "Café"],
  ])("removes %s", (_what, raw, clean) => {
    expect(normalizeUserText(raw)).toBe(clean);
  });

  it("keeps whole emoji, Persian and Armenian text, tabs and line breaks", () => {
    const text = "شرکت آلفا 👍🏽 Հայաստան\tnote\nsecond line";
    expect(normalizeUserText(text)).toBe(text);
  });

  it("turns tabs and line breaks into spaces in one-line text (names)", () => {
    expect(normalizeUserText("Anna\tK\nX", { multiline: false })).toBe("Anna K X");
  });
});

describe(`bad input through the console door and the dispatcher (${engineUnderTest})`, () => {
  let app: App;

  beforeAll(async () => {
    app = await testApp({ clock: fixedClock("2026-11-25T09:00:00Z") });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Lines typed into the console chat, and everything it printed. */
  async function consoleSays(...lines: string[]): Promise<string> {
    const output = new PassThrough();
    let printed = "";
    output.on("data", (chunk) => (printed += chunk));
    await runConsoleChat(app.dispatcher, { input: Readable.from([lines.join("\n") + "\n"]), output, user: "anna", locale: "en" });
    return printed;
  }

  it("stores a lead whose e-mail had a NUL and whose name had a lone surrogate, cleaned, then still serves", async () => {
    const printed = await consoleSays("/lead add Ac\uD800me Ltd 10 USD email:ops\u0000@acme.example", "/task add Call \uD83D due tomorrow", "/lead find \uD800", "/lead list");
    expect(printed).not.toMatch(INTERNAL);
    expect(printed).toContain("Lead #1 created");
    expect(printed).toContain("#1 Acme Ltd · 10.00 USD");
    const contact = await app.database.prisma.contact.findFirst({ select: { email: true } });
    expect(contact?.email).toBe("ops@acme.example");
  });

  it("refuses a payment dated year 0000 and a due date near year 9999 with the supported years", async () => {
    const caller = consoleCaller("anna");
    const say = async (text: string) => (await app.dispatcher.handle(text, caller)).lines?.join("\n") ?? "";
    const range = `the years ${SUPPORTED_YEARS.first} to ${SUPPORTED_YEARS.last}`;
    expect(await say("/invoice new Acme Ltd ; Work 1 x 100 USD ; due 9999-12-30")).toContain(`9999-12-30 is outside the dates Threadline handles: ${range}`);
    await say("/invoice new Acme Ltd ; Work 1 x 100 USD ; due 2026-12-31");
    await say("/invoice submit 1");
    await say("/invoice send 1");
    const paid = await say("/invoice paid INV-2026-0001 10 USD 0000-01-01");
    expect(paid).toContain(`0000-01-01 is outside the dates Threadline handles: ${range}`);
    expect(paid).not.toMatch(INTERNAL);
    // Nothing was half-written, and a good payment still goes through.
    expect(await app.database.prisma.invoicePayment.count()).toBe(0);
    expect(await say("/invoice paid INV-2026-0001 10 USD 2026-11-20")).not.toMatch(INTERNAL);
    expect(await app.database.prisma.invoicePayment.count()).toBe(1);
  });
});

describe("the <when> reader and the supported years", () => {
  it(`refuses a time past ${SUPPORTED_YEARS.last} even when it is within ten years`, () => {
    const now = DateTime.fromISO("2095-06-01T00:00:00Z", { zone: "utc" });
    expect(() => readWhen("2101-01-05 10:00", now, "UTC")).toThrow(expect.objectContaining({ code: "date.out_of_range" }));
    expect(readWhen("2100-12-31 10:00", now, "UTC").year).toBe(2100);
  });
});
