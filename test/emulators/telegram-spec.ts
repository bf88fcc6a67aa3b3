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

/** The object types a call's parameters carry that the emulator checks field by field (same source, same licence). */
type TypeField = Field & { description: string };
const types = (
  JSON.parse(readFileSync(new URL("./spec/telegram-bot-api.types.json", import.meta.url), "utf8")) as { types: Record<string, TypeField[]> }
).types;

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
  const markup = params.reply_markup;
  if (markup && typeof markup === "object" && "force_reply" in markup) problems.push(...typeViolations("ForceReply", markup, `${known.name}: reply_markup`));
  if (params.reply_parameters && typeof params.reply_parameters === "object") {
    problems.push(...typeViolations("ReplyParameters", params.reply_parameters, `${known.name}: reply_parameters`));
  }
  return problems;
}

/** "1-64 characters", "0-200 bytes": the length a field's description allows. */
const LIMIT = /(\d+)-(\d+) (characters|bytes)/;

/**
 * What is wrong with an object of one of the spec's types: a required field missing, a field the type does
 * not have, a value of the wrong type, a string outside the length its description gives. A ForceReply's
 * force_reply must be True (the reference types it "True", the one value it takes).
 */
export function typeViolations(typeName: string, value: unknown, where: string = typeName): string[] {
  const fields = types[typeName];
  if (!fields) throw new Error(`the emulator's spec has no type ${typeName}`);
  if (!value || typeof value !== "object" || Array.isArray(value)) return [`${where}: should be a ${typeName} object`];
  const given = value as Record<string, unknown>;
  const problems: string[] = [];
  const byName = new Map(fields.map((field) => [field.name, field]));
  for (const field of fields) if (field.required && given[field.name] === undefined) problems.push(`${where}: ${field.name} is required`);
  for (const [name, item] of Object.entries(given)) {
    const field = byName.get(name);
    if (!field) {
      problems.push(`${where}: ${typeName} has no field ${name}`);
      continue;
    }
    if (!field.types.some((type) => fits(type, item, undefined))) {
      problems.push(`${where}: ${name} should be ${field.types.join(" or ")}, got ${JSON.stringify(item).slice(0, 60)}`);
      continue;
    }
    const limit = LIMIT.exec(field.description);
    if (limit && typeof item === "string") {
      const length = limit[3] === "bytes" ? Buffer.byteLength(item) : item.length;
      if (length < Number(limit[1]) || length > Number(limit[2])) problems.push(`${where}: ${name} is ${length} ${limit[3]}; the Bot API takes ${limit[1]}-${limit[2]}`);
    }
  }
  if (typeName === "ForceReply" && given.force_reply !== true && given.force_reply !== "true") problems.push(`${where}: force_reply must be True`);
  return problems;
}
