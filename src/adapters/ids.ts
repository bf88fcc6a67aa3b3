import { randomInt } from "node:crypto";

// No 0/O or 1/I: a code is read off one screen and typed into another.
const ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A short, unguessable one-time code (32^8 ≈ 10^12 values; it lives ten minutes and is used once). */
export function newLinkCode(length = 8): string {
  let code = "";
  for (let i = 0; i < length; i++) code += ALPHABET[randomInt(ALPHABET.length)];
  return code;
}
