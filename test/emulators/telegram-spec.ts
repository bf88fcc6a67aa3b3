import { readFileSync } from "node:fs";
import type { FormFile } from "./telegram-multipart.js";

/**
 * The Bot API's own method list (Bot API 10.1, from the community-maintained machine-readable spec, MIT,
 * methods only: test/emulators/spec/), checked against every call the emulator receives: the method
 * exists, every required parameter is there, no unknown parameter, and each value has a type the field
 * takes. A violation is a bug in our client code that a mock would hide and Telegram would answer 400.
 */
type Field = { name: string; types: string[]; required: boolean };
const spec = JSON.parse(readFileSync(new URL("./spec/telegram-bot-api.methods.json", import.meta.url), "utf8")) as {
  methods: Record<string, Field[]>;
};
const byLowerName = new Map(Object.entries(spec.methods).map(([name, fields]) => [name.toLowerCase(), { name, fields }]));

const isInteger = (value: unknown) =>
  (typeof value === "number" && Number.isInteger(value)) || (typeof value === "string" && /^-?\d+$/.test(value));

function fits(type: string, value: unknown, file: FormFile | undefined): boolean {
  switch (type) {
    case "Integer":
      return isInteger(value);
    case "Float":
      return (typeof value === "number" && Number.isFinite(value)) || (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)));
    case "String":
      return typeof value === "string" || typeof value === "number";
    case "Boolean":
      return typeof value === "boolean" || value === "true" || value === "false";
    case "InputFile":
      return file !== undefined || typeof value === "string";
    default:
      // "Array of X" and object types (ReplyParameters, InlineKeyboardMarkup, …): arrays and objects.
      return type.startsWith("Array of ") ? Array.isArray(value) : typeof value === "object" && value !== null && !Array.isArray(value);
  }
}

/** What is wrong with a call by the Bot API's method list; empty when nothing is. */
export function specViolations(method: string, params: Record<string, unknown>, files: Record<string, FormFile>): string[] {
  const known = byLowerName.get(method.toLowerCase());
  if (!known) return [`${method}: no such Bot API method`];
  const problems: string[] = [];
  const fields = new Map(known.fields.map((field) => [field.name, field]));
  for (const field of known.fields) {
    if (field.required && params[field.name] === undefined && !files[field.name]) problems.push(`${known.name}: ${field.name} is required`);
  }
  for (const [name, value] of Object.entries(params)) {
    // telegraf names the method inside its multipart uploads too; the server goes by the URL and ignores it.
    if (name === "method" && Object.keys(files).length) continue;
    const field = fields.get(name);
    if (!field) {
      problems.push(`${known.name}: unknown parameter ${name}`);
      continue;
    }
    if (value === undefined) continue;
    if (!field.types.some((type) => fits(type, value, files[name]))) {
      problems.push(`${known.name}: ${name} should be ${field.types.join(" or ")}, got ${JSON.stringify(value).slice(0, 60)}`);
    }
  }
  for (const name of Object.keys(files)) {
    if (!fields.get(name)?.types.includes("InputFile")) problems.push(`${known.name}: file ${name} where the method takes none`);
  }
  return problems;
}
