import { describe, expect, it } from "vitest";
import { engineUnderTest } from "../support/db.js";
import { pdfText } from "../support/pdf-text.js";
import { bothDoors, dmOf, slackChannels, slackText, slackUsers } from "./invoice-approval.support.js";

// Slack lets the bot post into a public channel it was never invited to (chat:write.public), but not upload
// a file there: files.completeUploadExternal answers not_in_channel. The PDF then goes to the person's DM,
// with a line asking them to invite the bot.

const { olga, anna } = slackUsers;
const { general } = slackChannels;

describe(`an invoice PDF for a Slack channel the bot is not in (${engineUnderTest})`, () => {
  it("answers in the channel, and uploads the PDF to the sender's DM with a word on inviting the bot", async () => {
    const world = await bothDoors("2026-11-25T09:00:00Z", { slackBotChannels: [] });
    try {
      const { slack, slackSays } = world;
      await slackSays(olga, general, "/invoice list");
      await slackSays(anna, general, "/invoice new Acme Corp ; Hosting 1 x 20 USD");
      expect(slackText(await slackSays(anna, general, "/invoice submit 1"))).toContain("Approved and numbered INV-2026-0001.");
      const sent = await slackSays(anna, general, "/invoice send INV-2026-0001");
      expect(slackText(sent)).toContain("Invoice INV-2026-0001 marked as sent to Acme Corp.");

      await world.tick();

      const refused = slack.callsTo("files.completeUploadExternal").filter((call) => call.args.channel_id === general.id);
      expect(refused).toHaveLength(1);
      const upload = [...slack.uploads.values()].find((file) => file.channel === dmOf(anna));
      expect(upload?.filename).toBe("INV-2026-0001.pdf");
      expect(pdfText(upload!.bytes!)).toContain("INV-2026-0001");
      const told = slack.messages(dmOf(anna)).map(slackText);
      expect(told.some((text) => text.includes("This was meant for a channel I am not in: invite me there with /invite to get it there."))).toBe(true);
      const row = await world.app.database.prisma.outboxMessage.findFirstOrThrow({ where: { kind: "invoice.pdf" }, select: { state: true, sentChatId: true } });
      expect(row).toEqual({ state: "sent", sentChatId: dmOf(anna) });
      expect(await world.app.database.prisma.outboxMessage.count({ where: { kind: "admin.alert" } })).toBe(0);
    } finally {
      await world.close();
    }
  });
});
