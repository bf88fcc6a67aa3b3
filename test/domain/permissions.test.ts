import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { may, mustBeAllowed, permissionRows, PERMISSIONS } from "../../src/domain/members/permissions.js";
import type { Role } from "../../src/domain/members/member.js";
import { en } from "../../src/bots/render/messages.en.js";

const who = (id: string, role: Role) => ({ id, role });

describe("the permission table", () => {
  it("lets the lead's owner and admins move a lead, and no other member", () => {
    expect(may(who("m1", "member"), "lead.stage", { lead_owner: "m1" })).toBe(true);
    expect(may(who("m2", "member"), "lead.stage", { lead_owner: "m1" })).toBe(false);
    expect(may(who("m2", "approver"), "lead.stage", { lead_owner: "m1" })).toBe(false);
    expect(may(who("a", "admin"), "lead.stage", { lead_owner: "m1" })).toBe(true);
    expect(may(who("o", "owner"), "lead.stage", { lead_owner: "m1" })).toBe(true);
  });

  it("keeps voiding to admins and the owner, payments to approvers too, edits to the creator too", () => {
    expect(may(who("c", "member"), "invoice.void", { creator: "c" })).toBe(false);
    expect(may(who("p", "approver"), "invoice.pay")).toBe(true);
    expect(may(who("m", "member"), "invoice.pay")).toBe(false);
    expect(may(who("c", "member"), "invoice.edit", { creator: "c" })).toBe(true);
    expect(may(who("m", "member"), "invoice.edit", { creator: "c" })).toBe(false);
  });

  it("refuses with the rule's catalog key and its parameters", () => {
    expect(() => mustBeAllowed(who("m", "member"), "settings.change")).toThrow(expect.objectContaining({ code: "denied.settings" }));
    for (const rule of Object.values(PERMISSIONS)) expect(rule.refusal in en, rule.refusal).toBe(true);
  });

  it("is the table the README shows", () => {
    const table = ["| action | who may |", "| --- | --- |", ...permissionRows().map(([action, roles]) => `| \`${action}\` | ${roles} |`)].join("\n");
    expect(readFileSync(new URL("../../README.md", import.meta.url), "utf8")).toContain(table);
  });

  it("is checked: every rule is named by a use case in the domain", () => {
    const root = new URL("../../src/domain/", import.meta.url);
    const sources = (readdirSync(root, { recursive: true }) as string[])
      .filter((file) => file.endsWith(".ts") && !file.endsWith("permissions.ts"))
      .map((file) => readFileSync(new URL(file, root), "utf8"))
      .join("\n");
    const unchecked = Object.keys(PERMISSIONS).filter((permission) => !sources.includes(`"${permission}"`));
    expect(unchecked).toEqual([]);
  });
});
