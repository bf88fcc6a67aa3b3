import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../../src/app.js";
import { FSI, PDI } from "../../../src/bots/render/bidi.js";
import { startTelegramEmulator, type TelegramEmulator, type TgChat, type TgUser } from "../../emulators/telegram-emulator.js";
import { testApp } from "../../support/app.js";
import { engineUnderTest } from "../../support/db.js";
import { fixedClock } from "../../support/fixed-clock.js";
import { repliesSent, unpacedOutbox } from "../../support/inbox.js";
import { openTelegramDoor } from "./telegram.support.js";

/** Text with its isolates taken out, and the left-to-right tokens they held. */
function isolated(text: string): { plain: string; tokens: string[] } {
  return {
    plain: text.replace(/[\u2068\u2069]/g, ""),
    tokens: [...text.matchAll(/\u2068([^\u2069]*)\u2069/g)].map((match) => match[1]!),
  };
}

describe(`Threadline in Persian and Armenian on Telegram (${engineUnderTest})`, () => {
  let app: App;
  let tg: TelegramEmulator;
  let door: Awaited<ReturnType<typeof openTelegramDoor>>;

  const lastText = (chat: TgChat) => tg.botMessages(chat).at(-1)?.text ?? "";
  async function say(chat: TgChat, from: TgUser, text: string) {
    await tg.userSays(chat, from, text).settled;
    // The answer leaves through the outbox once the command is done.
    await repliesSent(app);
    return lastText(chat);
  }

  beforeAll(async () => {
    app = await testApp({
      clock: fixedClock("2026-11-25T09:00:00Z"),
      env: { CRM_DEFAULT_LOCALE: "fa", CRM_DEFAULT_TIMEZONE: "Asia/Tehran", CRM_DEFAULT_CURRENCY: "IRR" },
      outbox: unpacedOutbox,
    });
    tg = await startTelegramEmulator({ limits: false });
    door = await openTelegramDoor("polling", app, tg);
  });
  afterAll(async () => {
    await door?.close();
    await tg?.close();
    await app?.close();
  });

  it("publishes the command menu in every language, described from the catalog", () => {
    expect(tg.commands.get("default/")?.find((entry) => entry.command === "lead")?.description).toMatch(/^سرنخ‌ها: add, /);
    expect(tg.commands.get("default/fa")?.find((entry) => entry.command === "help")?.description).toBe("همهٔ دستورها، با نمونه");
    expect(tg.commands.get("default/hy")?.find((entry) => entry.command === "task")?.description).toMatch(/^Առաջադրանքներ՝ /);
    expect(tg.commands.get("default/en")?.find((entry) => entry.command === "invoice")?.description).toMatch(/^Invoices: /);
  });

  it("answers /lead add wholly in Persian, with the value in Persian digits and LTR tokens isolated", async () => {
    const leyla = tg.user({ first_name: "Leyla", username: "leyla" });
    const dm = tg.privateChat(leyla);
    const created = await say(dm, leyla, "/lead add شرکت آرین 450000000 IRR email:info@arian.example");
    const { plain, tokens } = isolated(created);
    expect(plain).toContain("سرنخ #۱ ثبت شد");
    expect(plain).toContain("نام: شرکت آرین");
    expect(plain).toContain("ارزش: ۴۵۰٬۰۰۰٬۰۰۰ IRR");
    expect(plain).toContain("مرحله: جدید");
    expect(plain).toContain("مسئول: @leyla");
    // Every Latin letter the reader sees is inside an isolate: the currency code, the e-mail, the handle.
    expect(tokens).toEqual(expect.arrayContaining(["#۱", "۴۵۰٬۰۰۰٬۰۰۰ IRR", "@leyla", "info@arian.example"]));
    expect(created.replace(/\u2068[^\u2069]*\u2069/g, "")).not.toMatch(/[A-Za-z]/);
    // The emulator parsed the HTML (bold title and labels) with the isolates in it.
    expect(tg.callsOf("sendMessage").every((call) => call.ok)).toBe(true);
    expect(tg.botMessages(dm).at(-1)!.entities?.[0]).toMatchObject({ type: "bold", offset: 0, length: `سرنخ ${FSI}#۱${PDI} ثبت شد`.length });

    const list = isolated(await say(dm, leyla, "/lead list"));
    expect(list.plain).toContain("سرنخ‌های باز");
    expect(list.plain).toContain("#۱ شرکت آرین · ۴۵۰٬۰۰۰٬۰۰۰ IRR · جدید · @leyla");
    expect(list.plain).toContain("۱ از ۱ سرنخ");
  });

  it("refuses bad input in Persian, with the example command kept in one piece", async () => {
    const sara = tg.user({ first_name: "Sara", username: "sara" });
    const dm = tg.privateChat(sara);
    const refused = isolated(await say(dm, sara, "/lead stage 1 nowhere"));
    expect(refused.plain).toContain("متوجه نشدم: یک مرحله بنویسید");
    expect(refused.tokens).toEqual(expect.arrayContaining(["/lead stage <id> <new|contacted|qualified|proposal|won|lost>", "/lead stage 12 qualified"]));
  });

  it("switches one person to Armenian with /crm me language hy, and back to the workspace's with default", async () => {
    const aram = tg.user({ first_name: "Aram", username: "aram" });
    const dm = tg.privateChat(aram);
    expect(await say(dm, aram, "/crm me language hy")).toBe("Այսուհետ ձեզ կգրեմ հայերեն։");
    const list = await say(dm, aram, "/lead list");
    expect(list).toContain("Բաց լիդեր");
    expect(list).not.toContain(FSI);
    expect(await say(dm, aram, "/crm me language default")).toBe("حالا از زبان فضای کاری (فارسی) پیروی می‌کنید.");
    expect(await say(dm, aram, "/crm me language xx")).toContain("کد زبان");
  });

  it("takes a newcomer's language from their Telegram app on first contact", async () => {
    const ani = tg.user({ first_name: "Ani", username: "ani", language_code: "hy" });
    const john = tg.user({ first_name: "John", username: "john", language_code: "en-US" });
    const klaus = tg.user({ first_name: "Klaus", username: "klaus", language_code: "de" });
    expect(await say(tg.privateChat(ani), ani, "/crm settings")).toContain("Ձեր լեզուն: հայերեն");
    expect(await say(tg.privateChat(john), john, "/crm settings")).toContain("Your language: English");
    // A language Threadline doesn't speak leaves the person on the workspace's.
    expect(isolated(await say(tg.privateChat(klaus), klaus, "/crm settings")).plain).toContain("زبان شما: همان فضای کاری (فارسی)");
  });

  it("lets an admin set the workspace language, which members without their own follow", async () => {
    const owner = tg.user({ first_name: "Nima", username: "nima" });
    const group: TgChat = { id: -1001, type: "group", title: "Arian sales" };
    const member = tg.user({ first_name: "Mina", username: "mina" });
    await say(group, owner, "/crm settings");
    await say(group, member, "/crm settings");
    expect(await say(group, member, "/crm settings language hy")).toContain("فقط مالک یا مدیر");
    expect(await say(group, owner, "/crm settings language hy")).toContain("Աշխատանքային տարածքի լեզուն այժմ հայերեն է");
    expect(await say(group, member, "/lead list")).toContain("Լիդեր դեռ չկան");
  });

  it("lets every member of a group set their own language, and only admins the workspace's (the permission table)", async () => {
    const owner = tg.user({ first_name: "Arman", username: "arman" });
    const group: TgChat = { id: -1002, type: "group", title: "Yerevan sales" };
    const member = tg.user({ first_name: "Lilit", username: "lilit" });
    await say(group, owner, "/crm settings");
    await say(group, member, "/crm settings");
    expect(isolated(await say(group, member, "/crm me language en")).plain).toBe("From now on I'll write to you in English.");
    // The refusal is the table's one line for settings.language, in the member's own language now.
    expect(await say(group, member, "/crm settings language hy")).toContain("Only the workspace owner or an admin can change workspace settings.");
    const workspace = await app.database.prisma.workspace.findFirst({ where: { name: "Yerevan sales" }, select: { locale: true } });
    expect(workspace?.locale).toBe("fa");
  });
});
