import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import type { CallerKey } from "../../src/domain/members/member.repo.js";
import { toPlainText } from "../../src/bots/render/reply.js";
import { consoleCaller, testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";

const telegramUser = (id: string, chat = id): CallerKey => ({
  platform: "telegram",
  externalWorkspaceId: "bot1",
  externalChatId: chat,
  externalUserId: id,
  displayName: `Tg ${id}`,
  username: `tg${id}`,
});

describe(`linking two platforms into one member (${engineUnderTest})`, () => {
  let app: App;
  const clock = fixedClock("2026-11-25T09:00:00Z");
  const say = async (line: string, who: CallerKey) => toPlainText(await app.dispatcher.handle(line, who));
  const codeIn = (text: string) => /Your link code: ([A-Z0-9]{8})/.exec(text)?.[1] ?? "";

  beforeAll(async () => {
    app = await testApp({ clock });
  });
  afterAll(async () => app?.close());

  it("joins a Telegram account and its chat to the console member's workspace", async () => {
    const anna = consoleCaller("anna");
    await say("/lead add Acme Corp 5000 USD", anna);
    const code = codeIn(await say("/crm link", anna));
    expect(code).toHaveLength(8);

    const tg = telegramUser("1001");
    expect(await say("/lead list", tg)).toContain("No leads yet"); // a fresh workspace of its own, for now
    expect(await say(`/crm link ${code.toLowerCase()}`, tg)).toContain("You are @anna");
    expect(await say("/lead list", tg)).toContain("#1 Acme Corp · 5,000.00 USD");
    // The workspace the first Telegram message created held nothing and is gone.
    expect(await app.database.prisma.workspace.count()).toBe(1);
    // Leads added on Telegram are Anna's, seen from the console.
    await say("/lead add Globex 10 EUR", tg);
    expect(await say("/lead list mine", anna)).toContain("#2 Globex");
  });

  it("refuses an unknown, reused, expired or same-platform code", async () => {
    const anna = consoleCaller("anna");
    expect(await say("/crm link ZZZZZZZZ", telegramUser("2002"))).toContain("unknown, used or expired");
    const code = codeIn(await say("/crm link", anna));
    expect(await say(`/crm link ${code}`, consoleCaller("bob"))).toContain("Send the code from your other app");
    clock.advance({ minutes: 11 });
    expect(await say(`/crm link ${code}`, telegramUser("2003"))).toContain("unknown, used or expired");
    expect(await say("/crm link abc", anna)).toContain("8 letters and digits");
  });

  it("never merges away a workspace that has records of its own", async () => {
    const anna = consoleCaller("anna");
    const code = codeIn(await say("/crm link", anna));
    const busy = telegramUser("3003");
    await say("/lead add Their Own Lead 1 USD", busy);
    expect(await say(`/crm link ${code}`, busy)).toContain("already has its own workspace with records");
    expect(await say("/lead list", busy)).toContain("Their Own Lead");
  });
});
