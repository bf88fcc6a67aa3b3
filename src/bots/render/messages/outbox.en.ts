/** The outbox's own messages in English (see messages.en.ts): the admins' alert and the inbox's refusal. */
export const outboxMessages = {
  // Sent to owners and admins when a message is parked as failed (kind "admin.alert").
  "outbox.alert.title": "Some messages could not be delivered",
  "outbox.alert.line": "{what} for {recipient}, due {due}: {reason}",
  "outbox.alert.channel": "a channel",
  "outbox.alert.more": "…and {count} more.",
  "outbox.alert.footer": "Threadline stopped trying. Ask these people to send the bot a message, or check the bot's access to the chat.",
  "outbox.alert.reason.permanent": "the platform refused it (the bot may be blocked, or the chat gone)",
  "outbox.alert.reason.transient": "it still failed after {attempts, plural, one {# try} other {# tries}}",
  "outbox.alert.reason.unreachable": "none of their chat platforms is connected",
  "outbox.alert.reason.unverified":
    "it may have arrived, but the bot could not check (it may not be in the chat) after {attempts, plural, one {# try} other {# tries}}",

  // What kind of message failed, by outbox kind.
  "outbox.kind.task.due": "A task reminder",
  "outbox.kind.lead.followup": "A lead follow-up reminder",
  "outbox.kind.lead.stale": "A stale-lead notice",
  "outbox.kind.digest": "The daily digest",
  "outbox.kind.invoice.approval": "An invoice approval request",
  "outbox.kind.invoice.due": "An invoice due reminder",
  "outbox.kind.invoice.overdue": "An overdue-invoice reminder",
  "outbox.kind.invoice.decided": "An invoice decision notice",
  "outbox.kind.reply": "A reply to a command",
  "outbox.kind.other": "A message ({kind})",

  // Added under a message that was meant for a chat the bot is not a member of, sent to the person's DM instead.
  "outbox.not_member":
    "{platform, select, telegram {This was meant for a group I am no longer in: add me back to get it there.} other {This was meant for a channel I am not in: invite me there with /invite to get it there.}}",
  "outbox.kind.invoice.copy": "An update of an approval request",
  "outbox.kind.invoice.pdf": "An invoice PDF",

  // The inbox is deeper than its bound: a command or press is refused instead of acknowledged and left waiting.
  "inbox.busy": "I'm too busy to take this right now. Please try again in a minute.",
} as const;
