/**
 * Splits a chat line into its command path and the argument text: "/crm lead add Acme" and "/lead add Acme"
 * both become ["lead", "add"] + "Acme". Telegram's "/lead@acme_bot" suffix is removed by its door before this.
 */
export function splitCommand(line: string): { words: string[]; rest: (skip: number) => string } {
  const text = line.trim().replace(/^\//, "");
  const words = text.split(/\s+/).filter(Boolean);
  return {
    words: words.map((word) => word.toLowerCase()),
    rest(skip) {
      // Cut the first `skip` words off the original text, keeping the argument's own spacing and case.
      let rest = text;
      for (let i = 0; i < skip; i++) rest = rest.replace(/^\S+\s*/, "");
      return rest.trim();
    },
  };
}

/** Whitespace-separated words, with "double quotes" (or « », “ ”) grouping words that contain spaces or digits. */
export function words(text: string): string[] {
  return quotedTokens(text).map((token) => token.text);
}

/** The words of `words`, each saying whether it was quoted (a quoted word is never read as a number or a time). */
export function quotedTokens(text: string): { text: string; quoted: boolean }[] {
  return [...text.matchAll(/"([^"]*)"|«([^»]*)»|“([^”]*)”|(\S+)/g)].map((match) => {
    const quoted = match[4] === undefined;
    return { text: quoted ? (match[1] ?? match[2] ?? match[3]!) : match[4]!, quoted };
  });
}
