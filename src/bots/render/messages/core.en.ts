/** Core and lead messages in English (see messages.en.ts). */
export const coreMessages = {
  // Help
  "help.title": "Threadline commands",
  "help.footer": "Try: /lead add Acme Corp 5000 USD",
  "help.unknown": "I don't know the command \"{command}\".",
  "help.see": "Send /crm help for the list of commands.",
  // One topic's commands: /crm help lead, or a bare /lead.
  "help.topic_title": "Commands for {topic}",
  "help.topic_footer": "Send /crm help for every command.",
  "help.topic_unknown": "There is no help topic \"{topic}\". The topics are {topics}.",

  // Errors converted at the door
  "error.usage": "Usage: {usage}",
  "error.example": "Example: {example}",
  "error.internal": "Something went wrong on our side (ref {ref}). Nothing was changed; please try again.",
  "error.bad_args": "I couldn't read that: {problem}",
  "action.invalid": "This button is no longer valid. Run the command again for a fresh one.",

  // Argument problems (zod messages are these keys)
  "args.lead_number": "a lead number such as 12 or #12.",
  "args.stage": "a stage: new, contacted, qualified, proposal, won or lost.",
  "args.amount_without_currency": "the amount needs a currency code after it, such as 5000 USD.",
  "args.unknown_currency": "\"{value}\" is not an ISO 4217 currency code (USD, EUR, IRR, AMD, ...).",
  "args.name_required": "the lead needs a name.",
  "args.email": "\"{value}\" is not an email address.",
  "args.phone": "\"{value}\" is not a phone number.",
  "args.text_required": "some text is needed.",
  "args.business": "name the detail, then its text: name, address, tax-id or phone, such as /crm settings business phone +98 21 1234 5678.",
  "args.member_required": "name a member, such as @anna.",
  "args.list_scope": "mine, all, or a stage (new, contacted, qualified, proposal, won, lost).",

  // Domain errors (DomainError codes)
  "money.bad_amount": "\"{text}\" is not an amount. Write digits, such as 5000 or 5,000.50.",
  "money.too_many_decimals": "{currency} has {digits, plural, one {# decimal place} other {# decimal places}}; the amount has more.",
  "money.too_large": "{text} is larger than any amount Threadline accepts.",
  "text.empty": "The {field} is empty.",
  "text.control_chars": "The {field} contains control characters; please send plain text.",
  "text.too_long": "The {field} is too long: at most {max, plural, one {# character} other {# characters}}.",
  "date.out_of_range": "{text} is outside the dates Threadline handles: the years {first} to {last}.",
  "lead.not_found": "There is no lead #{number} in this workspace.",
  "lead.already_in_stage": "Lead #{number} is already at stage {stage}.",
  "member.not_found": "No member here is called {mention}. Members appear once they have used the bot.",

  // Leads
  "lead.created": "Lead #{number} created",
  "lead.updated": "Lead #{number} updated",
  "lead.noted": "Note added to lead #{number}",
  "lead.assigned": "Lead #{number} is now owned by {owner}",
  "lead.staged": "Lead #{number} moved to {stage}",
  "lead.field.name": "Name",
  "lead.field.value": "Value",
  "lead.field.stage": "Stage",
  "lead.field.owner": "Owner",
  "lead.field.contact": "Contact",
  "lead.field.email": "Email",
  "lead.field.phone": "Phone",
  "lead.field.followup": "Next follow-up",
  "lead.field.created": "Created",
  "lead.no_value": "no value",
  "lead.list.title.open": "Open leads",
  "lead.list.title.all": "All leads",
  "lead.list.title.mine": "My open leads",
  "lead.list.title.stage": "Leads at stage {stage}",
  "lead.list.empty": "No leads yet. Add one: /lead add Acme Corp 5000 USD",
  "lead.list.count": "{shown} of {total, plural, one {# lead} other {# leads}}",
  "lead.list.row": "#{number} {title} · {value} · {stage} · {owner}",
  "lead.find.title": "Leads matching \"{text}\"",
  "lead.find.empty": "No lead matches \"{text}\".",
  "lead.timeline": "Timeline",
  "lead.timeline.empty": "Nothing has happened yet.",
  "timeline.lead.created": "{when} · {actor} created the lead",
  "timeline.lead.stage": "{when} · {actor} moved it from {from} to {to}",
  "timeline.lead.owner": "{when} · {actor} handed it from {from} to {to}",
  "timeline.lead.note": "{when} · {actor}: {text}",
  "timeline.lead.followup": "{when} · {actor} set the follow-up to {to}",
  "timeline.other": "{when} · {actor} · {action}",
  "timeline.someone": "someone",
  "timeline.none": "none",

  // Command summaries for /crm help
  "cmd.help": "this list, or only one topic's commands",
  "cmd.lead.add": "add a lead (and its contact)",
  "cmd.lead.list": "list open leads, yours, all, or one stage",
  "cmd.lead.show": "a lead with its timeline",
  "cmd.lead.stage": "move a lead to another stage",
  "cmd.lead.note": "add a note to a lead",
  "cmd.lead.assign": "give a lead to another member",
  "cmd.lead.find": "search leads by name, contact, email, phone or note",

  // Stages, as read in a list
  "stage.new": "new",
  "stage.contacted": "contacted",
  "stage.qualified": "qualified",
  "stage.proposal": "proposal",
  "stage.won": "won",
  "stage.lost": "lost",

  // Console chat
  "console.welcome": "Threadline console chat. Type /crm help for commands, or /quit to leave.",
  "console.choose": "Reply with a number to press a button.",
  "console.no_choice": "There is no button {number} to press.",
  // A message for one person, printed into the one console terminal every person's reminders share.
  "console.for": "For @{handle}:",
  // A file a message carries (an invoice PDF), written to the console's files folder.
  "console.file_saved": "File saved: {path}",
  "console.file_failed": "Could not save {filename}: {reason}",
} as const;
