import type { slackMessages } from "./slack.en.js";

/** Slack door messages in Armenian (see messages.hy.ts). */
export const slackMessagesHy = {
  // Block Kit has hard limits (50 blocks, 3000 characters a section); a longer reply is cut with this note.
  "slack.truncated": "…կրճատված է Slack-ում տեղավորվելու համար։ Մնացածը տեսնելու համար նեղացրեք հրամանը (փուլ, որոնում)։",
  "slack.file_failed": "Չկարողացա այստեղ տեղադրել {filename} ֆայլը։ Հրավիրեք ինձ այս ալիք (/invite @Threadline) և կրկին փորձեք։",
  // The app manifest: what Slack shows in the slash-command menu.
  "slack.app.description": "CRM Slack-ի ներսում՝ լիդեր, առաջադրանքներ, հաշիվներ և հիշեցումներ։",
  "slack.command.crm": "Threadline CRM՝ օգնություն և ցանկացած հրաման /crm <command> ձևով",
  "slack.command.crm.hint": "help կամ ցանկացած հրաման՝ lead add Acme Corp 5000 USD",
  "slack.command.other": "Threadline-ի {command} հրամանները",
  // The message shortcut's description in the app manifest (at most 150 characters).
  "slack.shortcut.capture": "Այս հաղորդագրությունը դարձրեք նոր լիդ, նշում լիդի վրա կամ առաջադրանք",
  // A modal form with a repeated group (invoice lines): the button under the last item adds one more ("Line 3").
  "slack.form.add_item": "+ Ավելացնել {item}",
  // A message captured with "Add to Threadline", as the lead's note keeps it: who wrote it, then what.
  "slack.capture.said": "{author}՝ {text}",
} as const satisfies Record<keyof typeof slackMessages, string>;
