/** Slack door messages in English (see messages.en.ts). */
export const slackMessages = {
  // Block Kit has hard limits (50 blocks, 3000 characters a section); a longer reply is cut with this note.
  "slack.truncated": "…shortened to fit Slack. Narrow the command (a stage, a search) to see the rest.",
  "slack.file_failed": "I couldn't post {filename} here. Invite me to this channel (/invite @Threadline) and try again.",
  // The app manifest: what Slack shows in the slash-command menu.
  "slack.app.description": "A CRM that lives in Slack: leads, tasks, invoices and reminders.",
  "slack.command.crm": "Threadline CRM: help, and every command as /crm <command>",
  "slack.command.crm.hint": "help, or any command: lead add Acme Corp 5000 USD",
  "slack.command.other": "Threadline {command} commands",
  // The message shortcut's description in the app manifest (at most 150 characters).
  "slack.shortcut.capture": "Turn this message into a new lead, a note on a lead, or a task",
  // A modal form with a repeated group (invoice lines): the button under the last item adds one more ("Line 3").
  "slack.form.add_item": "+ Add {item}",
  // A message captured with "Add to Threadline", as the lead's note keeps it: who wrote it, then what.
  "slack.capture.said": "{author}: {text}",
} as const;
