import { mkdir, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";

/**
 * Writes a file a reply carries (an invoice PDF) into the console's files folder and returns its absolute
 * path, for the reply to print: a terminal cannot show a document, but the person can open the file.
 * The same name again replaces the file, so the folder holds each document as it was last posted.
 */
export async function saveConsoleFile(dir: string, file: { filename: string; bytes: Uint8Array }): Promise<string> {
  const folder = resolve(dir);
  await mkdir(folder, { recursive: true });
  const path = join(folder, safeName(file.filename));
  await writeFile(path, file.bytes);
  return path;
}

/** The product names its files ("INV-2026-0001.pdf"), but a name is never trusted to stay inside the folder. */
function safeName(filename: string): string {
  const name = basename(filename.replace(/\\/g, "/")).replace(/[^\p{L}\p{N}._-]/gu, "_").replace(/^\.+/, "");
  return name || "file";
}
