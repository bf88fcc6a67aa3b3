/** Choosing the language people read, in English (see messages.en.ts). */
export const languageMessages = {
  "args.language": "a language code: en (English), fa (فارسی) or hy (Հայերեն).",
  "args.my_language": "a language code: en (English), fa (فارسی) or hy (Հայերեն), or default for the workspace's.",
  "language.name.en": "English",
  "language.name.fa": "Persian",
  "language.name.hy": "Armenian",
  "settings.field.language": "Workspace language",
  "settings.field.my_language": "Your language",
  "settings.my_language.default": "the workspace's ({language})",
  "settings.language.set": "Workspace language set to {language}. Members who haven't chosen their own read {language} from now on.",
  "settings.me.language.set": "From now on I'll write to you in {language}.",
  "settings.me.language.cleared": "You now follow the workspace language ({language}).",
  "cmd.settings.language": "the language of members who haven't chosen their own: en, fa or hy (admins)",
  "cmd.me.language": "your own language: en, fa or hy, or default for the workspace's",
} as const;
