import type { outboxMessages } from "./outbox.en.js";

/** The outbox's own messages in Armenian (see messages.hy.ts): the admins' alert and the inbox's refusal. */
export const outboxMessagesHy = {
  // Sent to owners and admins when a message is parked as failed (kind "admin.alert").
  "outbox.alert.title": "Որոշ հաղորդագրություններ չհասան",
  "outbox.alert.line": "{what}՝ {recipient}-ին, ժամկետը՝ {due}․ {reason}",
  "outbox.alert.channel": "ալիք",
  "outbox.alert.more": "…և ևս {count}։",
  "outbox.alert.footer": "Threadline-ը դադարեց փորձել։ Խնդրեք այս մարդկանց գրել բոտին կամ ստուգեք բոտի հասանելիությունը զրույցին։",
  "outbox.alert.reason.permanent": "հարթակը մերժեց այն (բոտը գուցե արգելափակված է, կամ զրույցն այլևս չկա)",
  "outbox.alert.reason.transient": "{attempts, plural, other {# փորձից}} հետո էլ չհաջողվեց",
  "outbox.alert.reason.unreachable": "նրա ոչ մի զրույցի հարթակ միացված չէ",
  "outbox.alert.reason.unverified":
    "գուցե հասել է, բայց բոտը {attempts, plural, other {# փորձից}} հետո էլ չկարողացավ ստուգել (գուցե այդ զրույցի անդամ չէ)",

  // What kind of message failed, by outbox kind.
  "outbox.kind.task.due": "Առաջադրանքի հիշեցում",
  "outbox.kind.lead.followup": "Լիդի հետագա կապի հիշեցում",
  "outbox.kind.lead.stale": "Անգործուն լիդի ծանուցում",
  "outbox.kind.digest": "Օրվա ամփոփում",
  "outbox.kind.invoice.approval": "Հաշվի հաստատման հարցում",
  "outbox.kind.invoice.due": "Հաշվի ժամկետի հիշեցում",
  "outbox.kind.invoice.overdue": "Ժամկետանց հաշվի հիշեցում",
  "outbox.kind.invoice.decided": "Հաշվի որոշման ծանուցում",
  "outbox.kind.reply": "Պատասխան հրամանին",
  "outbox.kind.other": "Հաղորդագրություն ({kind})",
  "outbox.kind.invoice.copy": "Հաստատման հարցման թարմացում",
  "outbox.kind.invoice.pdf": "Հաշվի PDF",

  // Added under a message that was meant for a chat the bot is not a member of, sent to the person's DM instead.
  "outbox.not_member":
    "{platform, select, telegram {Սա նախատեսված էր մի խմբի համար, որի անդամն այլևս չեմ․ նորից ավելացրեք ինձ խմբում, որպեսզի այնտեղ հասնի։} other {Սա նախատեսված էր մի ալիքի համար, որի անդամը չեմ․ հրավիրեք ինձ այդ ալիք /invite-ով, որպեսզի այնտեղ հասնի։}}",

  // The inbox is deeper than its bound: a command or press is refused instead of acknowledged and left waiting.
  "inbox.busy": "Հիմա շատ զբաղված եմ և չեմ կարող սա ընդունել։ Խնդրում եմ, մեկ րոպեից նորից փորձեք։",
} as const satisfies Record<keyof typeof outboxMessages, string>;
