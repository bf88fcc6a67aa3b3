import { describe, expect, it } from "vitest";
import { resolveMentions, slackCaller, slackDeliveryKey } from "../../../src/bots/slack/slack.caller.js";
import type { Member } from "../../../src/domain/members/member.js";

const anna: Member = { id: "m1", workspaceId: "w1", displayName: "Anna", handle: "anna", role: "owner", timezone: null, locale: null };
const members = {
  findByIdentity: async (key: { externalWorkspaceId: string; externalUserId: string }) =>
    key.externalWorkspaceId === "T1" && key.externalUserId === "U0ANNA" ? anna : null,
};

describe("Slack identities", () => {
  it("makes the team the chat space and keeps the channel as the origin", () => {
    expect(slackCaller({ teamId: "T1", userId: "U1", userName: "bob", teamDomain: "acme", channelId: "C9" })).toEqual({
      platform: "slack",
      externalWorkspaceId: "T1",
      externalChatId: "T1",
      externalUserId: "U1",
      displayName: "bob",
      username: "bob",
      chatTitle: "acme",
      origin: { platform: "slack", chatId: "C9" },
    });
  });

  it("keys commands and actions by trigger_id and events by event_id, per team", () => {
    expect(slackDeliveryKey("T1", { trigger_id: "123.456.abc" })).toBe("slack:T1:123.456.abc");
    expect(slackDeliveryKey("T1", { event_id: "Ev0PV52K25" })).toBe("slack:T1:Ev0PV52K25");
    expect(slackDeliveryKey("T1", {})).toBeUndefined();
  });

  it("turns mentions of known members into @handles and leaves unknown ones as they were", async () => {
    expect(await resolveMentions("12 <@U0ANNA|anna> and <@U0ANNA>", "T1", members)).toBe("12 @anna and @anna");
    expect(await resolveMentions("12 <@U0ZOE|zoe>", "T1", members)).toBe("12 <@U0ZOE|zoe>");
    // The same user id in another workspace is another person.
    expect(await resolveMentions("<@U0ANNA>", "T2", members)).toBe("<@U0ANNA>");
  });
});
