import type { coreMessages } from "./core.en.js";

const FIELD =
  "{field, select, reason {Պատճառը} customer {Հաճախորդի անունը} description {Նկարագրությունը} notes {Նշումները} title {Վերնագիրը} name {Անունը} note {Նշումը} search {Որոնման տեքստը} other {Տեքստը}}";

/** Core and lead messages in Armenian (see messages.hy.ts and GLOSSARY.md). */
export const coreMessagesHy = {
  // Help
  "help.title": "Threadline-ի հրամանները",
  "help.footer": "Փորձեք՝ /lead add Acme Corp 5000 USD",
  "help.unknown": "«{command}» հրամանը ինձ անծանոթ է։",
  "help.topic_title": "{topic}-ի հրամանները",
  "help.topic_footer": "Բոլոր հրամանների համար ուղարկեք /crm help։",
  "help.topic_unknown": "«{topic}» թեմայով օգնություն չկա։ Թեմաներն են՝ {topics}։",
  "help.see": "Հրամանների ցանկի համար ուղարկեք /crm help։",

  // Errors converted at the door
  "error.usage": "Ձևը՝ {usage}",
  "error.example": "Օրինակ՝ {example}",
  "error.internal": "Մեր կողմում ինչ-որ բան սխալ գնաց (հղում՝ {ref})։ Ոչինչ չի փոխվել, խնդրում ենք փորձել նորից։",
  "error.bad_args": "Չհասկացա՝ {problem}",
  "action.invalid": "Այս կոճակն այլևս գործող չէ։ Նոր կոճակի համար կրկնեք հրամանը։",

  // Argument problems (zod messages are these keys)
  "args.lead_number": "լիդի համարը, օրինակ՝ 12 կամ #12։",
  "args.stage": "փուլը՝ new, contacted, qualified, proposal, won կամ lost։",
  "args.amount_without_currency": "գումարից հետո պետք է արժույթի կոդը, օրինակ՝ 5000 USD։",
  "args.unknown_currency": "«{value}» կոդը ISO 4217 արժույթների ցանկում չկա (USD, EUR, IRR, AMD, …)։",
  "args.name_required": "լիդին անուն է պետք։",
  "args.email": "«{value}» գրառումը էլփոստի հասցե չէ։",
  "args.phone": "«{value}» գրառումը հեռախոսահամար չէ։",
  "args.text_required": "տեքստ է պետք։",
  "args.business": "նշեք տվյալը, ապա դրա տեքստը՝ name, address, tax-id կամ phone, օրինակ՝ /crm settings business phone +374 10 123456։",
  "args.member_required": "նշեք անդամին, օրինակ՝ @anna։",
  "args.list_scope": "mine, all կամ փուլը (new, contacted, qualified, proposal, won, lost)։",

  // Domain errors (DomainError codes)
  "money.bad_amount": "«{text}» գրառումը գումար չէ։ Գրեք թվերով, օրինակ՝ 5000 կամ 5,000.50։",
  "money.too_many_decimals": "{currency} արժույթն ունի {digits, plural, other {# տասնորդական նիշ}}, իսկ գումարը՝ ավելի շատ։",
  "money.too_large": "{text} գումարը մեծ է Threadline-ի ընդունած ամենամեծ գումարից։",
  "text.empty": `${FIELD} դատարկ է։`,
  "text.control_chars": `${FIELD} կառավարման նիշեր է պարունակում, ուղարկեք պարզ տեքստ։`,
  "text.too_long": `${FIELD} չափազանց երկար է՝ առավելագույնը {max, plural, other {# նիշ}}։`,
  "date.out_of_range": "«{text}» ամսաթիվը դուրս է Threadline-ի աջակցած ժամանակահատվածից՝ {first}-ից {last} թվականները։",
  "lead.not_found": "Այս աշխատանքային տարածքում #{number} լիդ չկա։",
  "lead.already_in_stage": "#{number} լիդն արդեն «{stage}» փուլում է։",
  "member.not_found": "{mention} անունով անդամ այստեղ չկա։ Անդամները երևում են բոտից առաջին անգամ օգտվելուց հետո։",

  // Leads
  "lead.created": "Ստեղծվեց լիդ #{number}",
  "lead.updated": "Թարմացվեց լիդ #{number}",
  "lead.noted": "Նշում ավելացվեց լիդ #{number}-ում",
  "lead.assigned": "Լիդ #{number}․ նոր պատասխանատուն՝ {owner}",
  "lead.staged": "Լիդ #{number}՝ «{stage}» փուլում",
  "lead.field.name": "Անուն",
  "lead.field.value": "Արժեք",
  "lead.field.stage": "Փուլ",
  "lead.field.owner": "Պատասխանատու",
  "lead.field.contact": "Կոնտակտ",
  "lead.field.email": "Էլփոստ",
  "lead.field.phone": "Հեռախոս",
  "lead.field.followup": "Հաջորդ կապը",
  "lead.field.created": "Ստեղծվել է",
  "lead.no_value": "առանց արժեքի",
  "lead.list.title.open": "Բաց լիդեր",
  "lead.list.title.all": "Բոլոր լիդերը",
  "lead.list.title.mine": "Իմ բաց լիդերը",
  "lead.list.title.stage": "«{stage}» փուլի լիդերը",
  "lead.list.empty": "Լիդեր դեռ չկան։ Ավելացրեք՝ /lead add Acme Corp 5000 USD",
  "lead.list.count": "{shown} / {total, plural, other {# լիդ}}",
  "lead.list.row": "#{number} {title} · {value} · {stage} · {owner}",
  "lead.find.title": "«{text}» որոնմանը համապատասխանող լիդեր",
  "lead.find.empty": "«{text}» որոնմանը ոչ մի լիդ չի համապատասխանում։",
  "lead.timeline": "Պատմություն",
  "lead.timeline.empty": "Դեռ ոչինչ չի եղել։",
  "timeline.lead.created": "{when} · {actor} · ստեղծեց լիդը",
  "timeline.lead.stage": "{when} · {actor} · տեղափոխեց «{from}» փուլից «{to}» փուլ",
  "timeline.lead.owner": "{when} · {actor} · պատասխանատուն փոխվեց՝ {from} → {to}",
  "timeline.lead.note": "{when} · {actor}՝ {text}",
  "timeline.lead.followup": "{when} · {actor} · հաջորդ կապը նշանակեց՝ {to}",
  "timeline.other": "{when} · {actor} · {action}",
  "timeline.someone": "ինչ-որ մեկը",
  "timeline.none": "ոչ ոք",

  // Command summaries for /crm help
  "cmd.help": "այս ցանկը կամ միայն մեկ թեմայի հրամանները",
  "cmd.lead.add": "ավելացնել լիդ (և նրա կոնտակտը)",
  "cmd.lead.list": "բաց լիդերը՝ ձերը, բոլորը կամ մեկ փուլինը",
  "cmd.lead.show": "լիդն իր պատմությամբ",
  "cmd.lead.stage": "տեղափոխել լիդը այլ փուլ",
  "cmd.lead.note": "նշում ավելացնել լիդին",
  "cmd.lead.assign": "լիդը հանձնել այլ անդամի",
  "cmd.lead.find": "որոնել լիդեր ըստ անվան, կոնտակտի, էլփոստի, հեռախոսի կամ նշման",

  // Stages, as read in a list
  "stage.new": "նոր",
  "stage.contacted": "կապ հաստատված",
  "stage.qualified": "որակավորված",
  "stage.proposal": "առաջարկ",
  "stage.won": "շահած",
  "stage.lost": "կորցրած",

  // Console chat
  "console.welcome": "Threadline-ի կոնսոլային զրույց։ Հրամանների համար գրեք /crm help, դուրս գալու համար՝ /quit։",
  "console.choose": "Կոճակ սեղմելու համար պատասխանեք նրա համարով։",
  "console.no_choice": "{number} համարով կոճակ չկա։",
  "console.for": "@{handle}-ի համար՝",
  "console.file_saved": "Ֆայլը պահպանվեց՝ {path}",
  "console.file_failed": "Չհաջողվեց պահպանել {filename} ֆայլը՝ {reason}",
} as const satisfies Record<keyof typeof coreMessages, string>;
