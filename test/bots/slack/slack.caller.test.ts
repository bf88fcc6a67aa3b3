import { describe, expect, it } from "vitest";
import { resolveMentions, slackCaller, slackDeliveryKey } from "../../../src/bots/slack/slack.caller.js";
import type { Member } from "../../../src/domain/members/member.js";

const anna: Member = { id: "m1", workspaceId: "w1", displayName: "Anna", handle: "anna", role: "owner", kind: "person", timezone: null, locale: null };
/** Anna is a member of the workspace the command acts in; Zoe is not (she may be one elsewhere). */
const memberOf = async (userId: string) => (userId === "U0ANNA" ? anna : null);

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
      directMessage: false,
      origin: { platform: "slack", chatId: "C9" },
    });
  });

  it("keys commands and actions by trigger_id and events by event_id, per team", () => {
    expect(slackDeliveryKey("T1", { trigger_id: "123.456.abc" })).toBe("slack:T1:123.456.abc");
    expect(slackDeliveryKey("T1", { event_id: "Ev0PV52K25" })).toBe("slack:T1:Ev0PV52K25");
    expect(slackDeliveryKey("T1", {})).toBeUndefined();
  });

  it("turns mentions of known members into @handles and leaves unknown ones as they were", async () => {
    expect(await resolveMentions("12 <@U0ANNA|anna> and <@U0ANNA>", memberOf)).toBe("12 @anna and @anna");
    expect(await resolveMentions("12 <@U0ZOE|zoe>", memberOf)).toBe("12 <@U0ZOE|zoe>");
  });

  it("keys an Enterprise Grid user by the org and their chat by the team they wrote in", () => {
    const inSales = slackCaller({ teamId: "T1", enterpriseId: "E1", userId: "W1", userName: "anna" });
    const inSupport = slackCaller({ teamId: "T2", enterpriseId: "E1", userId: "W1", userName: "anna" });
    expect([inSales.externalWorkspaceId, inSales.externalChatId]).toEqual(["E1", "T1"]);
    expect([inSupport.externalWorkspaceId, inSupport.externalChatId]).toEqual(["E1", "T2"]);
  });
});
