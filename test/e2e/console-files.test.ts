import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runMain } from "../support/run-main.js";

// The real entry point (`npm start`), piped as a person would type: a terminal cannot show a PDF, so the
// console writes it to CONSOLE_FILES_DIR and says where, in the reader's language.
describe("files in the console chat, end to end on the embedded database", () => {
  const dir = mkdtempSync(join(tmpdir(), "threadline-files-"));
  const files = join(dir, "files");
  const env = { DATABASE_URL: `pglite:${join(dir, "db")}`, CONSOLE_USER: "anna", CONSOLE_FILES_DIR: files };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a sent invoice's PDF to the files folder and prints its absolute path", async () => {
    const run = await runMain(env, "/invoice new Acme Corp ; Design sprint 10 x 450 USD ; tax 9% ; net 14\n/invoice submit 1\n/invoice send 1\n");
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/error/i);
    const path = join(files, "INV-2026-0001.pdf");
    expect(run.stdout).toContain(`For @anna:\n  File saved: ${path}`);
    expect(readFileSync(path).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("says where the file is in Persian for a reader who reads Persian", async () => {
    rmSync(files, { recursive: true, force: true });
    const run = await runMain(env, "/crm me language fa\n/invoice show INV-2026-0001 pdf\n");
    expect(run.code).toBe(0);
    const path = join(files, "INV-2026-0001.pdf");
    expect(run.stdout).toContain(`برای @anna:\n  فایل ذخیره شد: ${path}`);
    expect(readFileSync(path).subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });
});
