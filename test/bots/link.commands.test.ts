import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../../src/app.js";
import type { CallerKey } from "../../src/domain/members/member.repo.js";
import { toPlainText } from "../../src/bots/render/reply.js";
import { consoleCaller, testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";

/** A Telegram user in their private chat with the bot (chat id = user id), or in the group `chat`. */
const telegramUser = (id: string, chat = id): CallerKey => ({
  platform: "telegram",
  externalWorkspaceId: "bot1",
  externalChatId: chat,
  externalUserId: id,
  displayName: `Tg ${id}`,
  username: `tg${id}`,
  private: chat === id,
  directMessage: chat === id,
  chatTitle: chat === id ? undefined : `Group ${chat}`,
});

describe(`linking two platforms into one person (${engineUnderTest})`, () => {
  let app: App;
  const clock = fixedClock("2026-11-25T09:00:00Z");
  const say = async (line: string, who: CallerKey) => toPlainText(await app.dispatcher.handle(line, who));
  const codeIn = (text: string) => /Your link code: ([A-Z0-9]{8})/.exec(text)?.[1] ?? "";

  beforeAll(async () => {
    app = await testApp({ clock });
  });
  afterAll(async () => app?.close());

  it("makes a Telegram account the console member's, and its private chat work in their workspace", async () => {
    const anna = consoleCaller("anna");
    await say("/lead add Acme Corp 5000 USD", anna);
    const code = codeIn(await say("/crm link", anna));
    expect(code).toHaveLength(8);

    const tg = telegramUser("1001");
    expect(await say("/lead list", tg)).toContain("No leads yet"); // the private chat's own workspace, for now
    expect(await say(`/crm link ${code.toLowerCase()}`, tg)).toContain("You are @anna");
    expect(await say("/lead list", tg)).toContain("#1 Acme Corp · 5,000.00 USD");
    // Leads added on Telegram are Anna's, seen from the console.
    await say("/lead add Globex 10 EUR", tg);
    expect(await say("/lead list mine", anna)).toContain("#2 Globex");
    // One person with both accounts, a member of both workspaces: the private chat's own one stays hers.
    const identities = await app.database.prisma.platformIdentity.findMany({ select: { personId: true } });
    expect(new Set(identities.map((identity) => identity.personId)).size).toBe(1);
    expect(await say("/crm use", tg)).toContain("Tg 1001's workspace");
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

  it("neither gives out nor takes a link code in a group, and says why", async () => {
    const inGroup = telegramUser("4004", "-100500");
    const issued = await app.dispatcher.handle("/crm link", inGroup);
    expect(issued.tone).toBe("error");
    expect(toPlainText(issued)).toContain("only work in a private chat with the bot");
    expect(codeIn(toPlainText(issued))).toBe("");

    const code = codeIn(await say("/crm link", consoleCaller("anna")));
    expect(await say(`/crm link ${code}`, inGroup)).toContain("only work in a private chat with the bot");
    // Still unused: its owner can hand it to the right chat.
    expect(await say(`/crm link ${code}`, telegramUser("4004"))).toContain("You are @anna");
  });
});
