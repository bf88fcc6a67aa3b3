import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * What a whole form (a Slack modal) carries through the platform and back: which form, what about, and the
 * chat it was opened from, signed with the workspace's key like a button, so a submission cannot name
 * another form, record or chat than the one it was opened for.
 */
export type FormTicket = { form: string; context: string | null; chatId: string | null };

const mac = (key: string, body: string) => createHmac("sha256", key).update(`form-ticket:${body}`).digest("base64url").slice(0, 16);

export function sealTicket(key: string, ticket: FormTicket): string {
  const body = Buffer.from(JSON.stringify([ticket.form, ticket.context, ticket.chatId])).toString("base64url");
  return `${body}.${mac(key, body)}`;
}

/** The ticket, or null when it is malformed or was not signed with this key. */
export function openTicket(key: string, token: string): FormTicket | null {
  const [body = "", given = ""] = token.split(".");
  const expected = Buffer.from(mac(key, body));
  if (!body || expected.length !== Buffer.byteLength(given) || !timingSafeEqual(expected, Buffer.from(given))) return null;
  try {
    const [form, context, chatId] = JSON.parse(Buffer.from(body, "base64url").toString("utf8")) as unknown[];
    if (typeof form !== "string") return null;
    return { form, context: typeof context === "string" ? context : null, chatId: typeof chatId === "string" ? chatId : null };
  } catch {
    return null;
  }
}
