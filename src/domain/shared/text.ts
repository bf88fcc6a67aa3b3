import { DomainError } from "./errors.js";

// C0 and C1 control characters, plus bidi overrides that could reorder what others read.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** A short piece of user text (a name, a title): trimmed, non-empty, bounded, no control characters. */
export function cleanName(raw: string, field: string, max = 200): string {
  const value = raw.trim().replace(/\s+/g, " ");
  if (value.length === 0) throw new DomainError("text.empty", { field });
  if (CONTROL.test(value)) throw new DomainError("text.control_chars", { field });
  if (value.length > max) throw new DomainError("text.too_long", { field, max });
  return value;
}

/** A longer body (a note): line breaks allowed, other control characters not. */
export function cleanBody(raw: string, field: string, max = 4000): string {
  const value = raw.trim();
  if (value.length === 0) throw new DomainError("text.empty", { field });
  if (CONTROL.test(value.replace(/\n/g, ""))) throw new DomainError("text.control_chars", { field });
  if (value.length > max) throw new DomainError("text.too_long", { field, max });
  return value;
}
