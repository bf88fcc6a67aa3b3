import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Chat, User } from "telegraf/types";
import type { App } from "../../src/app.js";
import { toPlainText, type Reply } from "../../src/bots/render/reply.js";
import { callerFrom, GROUP_ANONYMOUS_BOT_ID } from "../../src/bots/telegram/telegram.updates.js";
import type { CallerKey } from "../../src/domain/members/member.repo.js";
import { testApp } from "../support/app.js";
import { engineUnderTest } from "../support/db.js";
import { fixedClock } from "../support/fixed-clock.js";

const BOT = "777";
const user = (id: number, first_name: string, username?: string): User => ({ id, is_bot: false, first_name, ...(username ? { username } : {}) });
const group = (id: number, title: string): Chat => ({ id, type: "supergroup", title });
const privateWith = (person: User): Chat => ({ id: person.id, type: "private", first_name: person.first_name });
const anonymousAdmin: User = { id: GROUP_ANONYMOUS_BOT_ID, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" };

/** A Telegram message's caller, as the door reads it. */
function tg(chat: Chat, from: User, senderChat?: Chat): CallerKey {
  const caller = callerFrom("telegram", BOT, chat, from, { senderChat });
  if (!caller) throw new Error("not a caller");
  return caller;
}

const anna = user(1, "Anna", "anna");
const cy = user(2, "Cy", "cy");
const bob = user(3, "Bob", "bob");
const groupA = group(-1001, "Group A");
const groupB = group(-1002, "Group B");
const groupC = group(-1003, "Group C");
const groupD = group(-1004, "Group D");

describe(`tenancy: a workspace per chat space, people in several (${engineUnderTest})`, () => {
  let app: App;
  const clock = fixedClock("2026-11-25T09:00:00Z");
  const run = (line: string, who: CallerKey): Promise<Reply> => app.dispatcher.handle(line, who);
  const say = async (line: string, who: CallerKey) => toPlainText(await run(line, who));
  const db = () => app.database.prisma;

  beforeAll(async () => {
    app = await testApp({ clock });
  });
  afterAll(async () => app?.close());

  it("never carries a known person's workspace into a new group: Cy in group B sees nothing of group A", async () => {
    await say("/lead add SECRET-A 9000 USD email:ceo@secret-a.example", tg(groupA, anna));
    await say("/invoice new SECRET-A Corp ; Retainer 1 x 9000 USD", tg(groupA, anna));
    // Anna speaks first in a new group B: it gets a workspace of its own, owned by her.
    expect(await say("/lead list", tg(groupB, anna))).toContain("No leads yet");
    for (const line of ["/lead list all", "/lead find SECRET", "/invoice list all", "/lead show 1", "/invoice show 1"]) {
      const seen = await say(line, tg(groupB, cy));
      expect(seen, line).not.toContain("SECRET-A");
      expect(seen, line).not.toContain("9,000");
      expect(seen, line).not.toContain("secret-a.example");
    }
    expect(await say("/crm workspace", tg(groupB, cy))).toContain("Workspace: Group B");
    expect(await say("/crm workspace", tg(groupB, cy))).toContain("@anna (Anna)");
    // Cy, a member of B only, is not locked out of A either: in A he is simply a new member there.
    expect(await say("/lead list all", tg(groupA, cy))).toContain("SECRET-A");
    const cyMembers = await db().member.findMany({ where: { handle: "cy" }, select: { role: true } });
    expect(cyMembers.map((member) => member.role)).toEqual(["member", "member"]);
  });

  it("lists the workspace's members and roles", async () => {
    const members = await say("/crm members", tg(groupA, anna));
    expect(members).toContain("Members of Group A");
    expect(members).toContain("@anna: Anna (owner)");
    expect(members).toContain("@cy: Cy (member)");
  });

  it("refuses a plain member's /invoice void and /lead stage on another's lead in one line, changing nothing", async () => {
    const count = () => Promise.all([db().activity.count(), db().outboxMessage.count()]);
    const before = await count();
    const lead = () => db().lead.findFirstOrThrow({ where: { title: "SECRET-A" }, select: { stage: true, ownerId: true } });
    const leadBefore = await lead();

    const staged = await run("/lead stage 1 won", tg(groupA, cy));
    expect(staged.tone).toBe("error");
    expect(staged.lines).toEqual(["Only the lead's owner (@anna) or an admin can move lead #1."]);
    const voided = await run("/invoice void 1 nope", tg(groupA, cy));
    expect(voided.lines).toEqual(["Only admins and the owner can void invoice 1."]);
    const assigned = await run("/lead assign 1 @cy", tg(groupA, cy));
    expect(assigned.lines).toEqual(["Only the lead's owner (@anna) or an admin can hand over lead #1."]);

    expect(await lead()).toEqual(leadBefore);
    expect((await db().invoice.findFirstOrThrow({ where: { draftNumber: 1 }, select: { state: true } })).state).toBe("draft");
    expect(await count()).toEqual(before);
  });

  it("gives each group's anonymous admins an identity of that group only, as its admin", async () => {
    const inC = tg(groupC, anonymousAdmin, groupC);
    const inD = tg(groupD, anonymousAdmin, groupD);
    expect(inC.externalUserId).not.toBe(inD.externalUserId);
    await say("/lead add Lead of C", inC);
    await say("/lead add Lead of D", inD);
    expect(await say("/lead list all", inC)).not.toContain("Lead of D");
    expect(await say("/lead list all", inD)).not.toContain("Lead of C");
    // Bob joins C after its anonymous admins; they stay its admins and may change its settings.
    await say("/lead list", tg(groupC, bob));
    expect(await say("/crm settings four-eyes on", inC)).toContain("Four-eyes: on");
    expect(await say("/crm members", inC)).toContain("Group C's anonymous admins (owner)");
  });

  it("ignores other bots, and gives a post sent as a channel the channel's identity", () => {
    const someBot: User = { id: 99, is_bot: true, first_name: "Other" };
    expect(callerFrom("telegram", BOT, groupA, someBot)).toBeNull();
    const channel: Chat = { id: -1009, type: "channel", title: "Acme news", username: "acme_news" };
    const asChannel = callerFrom("telegram", BOT, groupA, user(777000, "Telegram"), { senderChat: channel });
    expect(asChannel).toMatchObject({ externalUserId: "chat:-1009", sender: "channel", displayName: "Acme news", externalChatId: "-1001" });
  });

  it("lets a private chat switch between the person's workspaces with /crm use", async () => {
    const dm = tg(privateWith(anna), anna);
    expect(await say("/lead list all", dm)).toContain("No leads yet"); // her own workspace
    const listed = await run("/crm use", dm);
    expect(listed.actions!.map((action) => action.label)).toEqual(["Group A", "Group B"]);
    const pressed = await app.dispatcher.press(listed.actions![0]!.id, dm);
    expect(pressed).toMatchObject({ kind: "edit" });
    expect(await say("/lead list all", dm)).toContain("SECRET-A");
    // Listed oldest first: Group A, Group B, then her own (made by her first private message).
    expect(await say("/crm use 2", dm)).toContain("now works in Group B");
    expect(await say("/lead list all", dm)).toContain("No leads yet");
    expect(await say("/crm use 3", dm)).toContain("now works in Anna's workspace");
    // In a group, the chat decides: no switching.
    expect(await say("/crm use", tg(groupA, anna))).toContain("This chat belongs to Group A");
  });

  it("joins a second group to a workspace only with an admin's join code, redeemed by the group's admin", async () => {
    const dm = tg(privateWith(anna), anna);
    await say("/crm use 1", dm); // Group A
    expect(await say("/crm join", tg(groupA, anna))).toContain("Join codes are handed out in a private chat");
    const cyDm = tg(privateWith(cy), cy);
    expect(await say("/crm use 2", cyDm)).toContain("now works in Group A"); // Cy joined B first, then A
    expect(await say("/crm join", cyDm)).toContain("Only admins and the owner of Group A");

    const issued = await say("/crm join", dm);
    const code = /Join code for Group A: ([A-Z0-9]{8})/.exec(issued)?.[1] ?? "";
    expect(code).toHaveLength(8);
    const groupE = group(-1005, "Group E");
    // Bob speaks first in E, so he is its admin; Cy is not, and cannot join it anywhere.
    await say("/lead list", tg(groupE, bob));
    expect(await say(`/crm join ${code}`, tg(groupE, cy))).toContain("Only an admin of this chat's workspace (Group E)");
    expect(await say(`/crm join ${code}`, tg(groupE, bob))).toContain("This chat now belongs to Group A.");
    expect(await say("/lead list all", tg(groupE, cy))).toContain("SECRET-A");
    expect(await say(`/crm join ${code}`, tg(group(-1006, "Group F"), bob))).toContain("unknown, used or expired");
    expect(await say("/crm workspace", tg(groupA, anna))).toContain("telegram: Group E");
  });
});
