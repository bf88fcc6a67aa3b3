/** Linking one person's Slack, Telegram and Bale into one member (see messages.en.ts). */
export const linkMessages = {
  "cmd.crm.link": "link your Slack, Telegram and Bale: get a code here, send it from the other app",
  "args.link_code": "a link code is 8 letters and digits, such as K7QP2XWM.",
  "link.code": "Your link code: {code}",
  "link.how": "Within {minutes, plural, one {# minute} other {# minutes}}, send /crm link {code} to Threadline in a private chat on your other app (Slack, Telegram or Bale). Both accounts are then you, in every workspace you belong to.",
  "link.done": "Linked. You are {handle} in {workspace} on both platforms now; this private chat works in {workspace} (/crm use switches).",
  "link.invalid": "That link code is unknown, used or expired. Send /crm link where you are already set up for a new one.",
  "link.same_platform": "Send the code from your other app: a code made on this platform links the other one.",
  "link.already": "This account is already linked to that member.",
} as const;
