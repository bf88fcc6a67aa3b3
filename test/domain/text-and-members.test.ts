import { describe, expect, it } from "vitest";
import { handleFrom } from "../../src/domain/members/member.js";
import { DomainError } from "../../src/domain/shared/errors.js";
import { cleanBody, cleanName } from "../../src/domain/shared/text.js";

const codeOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    return error instanceof DomainError ? `${error.code}` : String(error);
  }
  return "no error";
};

describe("user text", () => {
  it("trims and folds spaces in names, keeps every script", () => {
    expect(cleanName("  Acme   Corp ", "name")).toBe("Acme Corp");
    expect(cleanName("شرکت آکمه", "name")).toBe("شرکت آکمه");
    expect(cleanName("Ակմե ՍՊԸ", "name")).toBe("Ակմե ՍՊԸ");
  });

  it("refuses empty, overlong and control-character names", () => {
    expect(codeOf(() => cleanName("   ", "name"))).toBe("text.empty");
    expect(codeOf(() => cleanName("x".repeat(201), "name"))).toBe("text.too_long");
    expect(codeOf(() => cleanName("a\u0000b", "name"))).toBe("text.control_chars");
    expect(codeOf(() => cleanName("evil\u202Egnp.exe", "name"))).toBe("text.control_chars");
  });

  it("lets notes keep line breaks but not other control characters", () => {
    expect(cleanBody("line one\nline two", "note")).toBe("line one\nline two");
    expect(codeOf(() => cleanBody("bell\u0007", "note"))).toBe("text.control_chars");
  });
});

describe("member handles", () => {
  it("are lower-case, space-free and keep non-Latin letters", () => {
    expect(handleFrom("Anna Petrosyan")).toBe("anna.petrosyan");
    expect(handleFrom("@Anna_K")).toBe("anna_k");
    expect(handleFrom("مریم")).toBe("مریم");
    expect(handleFrom("<!channel>")).toBe("channel");
    expect(handleFrom("!!!")).toBe("member");
  });
});
