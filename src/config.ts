import { z } from "zod";

const zone = z.string().refine(isZone, "expected an IANA time zone such as Asia/Tehran or UTC");
const databaseUrl = z
  .string()
  .regex(/^(postgres(ql)?:\/\/.+|pglite:.+)$/, "expected postgres://user@host:5432/db, pglite:<directory> or pglite:memory");

const schema = z.object({
  DATABASE_URL: databaseUrl.default("pglite:./data/threadline"),
  CRM_DEFAULT_TIMEZONE: zone.default("UTC"),
  CRM_DEFAULT_LOCALE: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, "expected a language tag such as en, fa or hy").default("en"),
  CRM_DEFAULT_CURRENCY: z
    .string()
    .refine((code) => Intl.supportedValuesOf("currency").includes(code), "expected an ISO 4217 code such as USD, IRR or AMD")
    .default("USD"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  /** Forces the console chat even when platform tokens are set (local trials, demos). */
  CONSOLE_CHAT: z.enum(["auto", "on", "off"]).default("auto"),
  CONSOLE_USER: z.string().min(1).optional(),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {}

/** Parses the environment once at start-up; the first bad variable becomes one line a person can act on. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const blanksRemoved = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ""));
  const result = schema.safeParse(blanksRemoved);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const name = String(issue.path[0]);
  throw new ConfigError(`Invalid ${name}=${JSON.stringify(env[name] ?? "")}: ${issue.message}.`);
}

function isZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
