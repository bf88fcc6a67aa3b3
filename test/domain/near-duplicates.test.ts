import { describe, expect, it } from "vitest";
import { levenshtein, nearDuplicate, nearDuplicates, normaliseName } from "../../src/domain/contacts/near-duplicates.js";

describe("near-duplicate client names", () => {
  it("ignores case, spaces and punctuation", () => {
    expect(normaliseName("  Acme, Corp. ")).toBe("acmecorp");
    expect(nearDuplicate("acme corp", "Acme Corp")).toBe(true);
    expect(nearDuplicate("ACME-CORP!", "Acme Corp")).toBe(true);
  });

  it("finds one name inside the other, from three letters of the shorter", () => {
    expect(nearDuplicate("Acme", "Acme Corp")).toBe(true);
    expect(nearDuplicate("Acme Corporation Ltd", "acme corp")).toBe(true);
    expect(nearDuplicate("Ac", "Acme Corp")).toBe(false);
  });

  it("allows two typos in names of six letters or more, none in shorter ones", () => {
    expect(nearDuplicate("Globex Corportion", "Globex Corporation")).toBe(true);
    expect(nearDuplicate("Initek", "Initech")).toBe(true);
    expect(nearDuplicate("Umbrela Inc", "Umbrella Inc")).toBe(true);
    expect(nearDuplicate("Acme", "Acne")).toBe(false);
    expect(nearDuplicate("Globex", "Initech")).toBe(false);
    expect(nearDuplicate("Stark Industries", "Wayne Enterprises")).toBe(false);
  });

  it("reads Arabic yeh and kaf as the Persian letters, and ignores ZWNJ", () => {
    expect(normaliseName("شركت آريا")).toBe(normaliseName("شرکت آریا"));
    expect(nearDuplicate("شركت آريا", "شرکت آریا")).toBe(true);
    expect(nearDuplicate("فروشگاه\u200cها", "فروشگاه ها")).toBe(true);
    expect(nearDuplicate("مؤسسه نور", "موسسه نور")).toBe(true);
    expect(nearDuplicate("شرکت آریا", "بازرگانی پارس")).toBe(false);
  });

  it("matches Armenian names regardless of case and punctuation", () => {
    expect(nearDuplicate("Արարատ ՍՊԸ", "արարատ, ՍՊԸ")).toBe(true);
    expect(nearDuplicate("Երևան Մոլլ", "Երեւան Մոլլ")).toBe(true);
    expect(nearDuplicate("Արարատ", "Շիրակ")).toBe(false);
  });

  it("keeps the candidates that match, in their order", () => {
    const candidates = [
      { name: "Acme Corp", number: 3 },
      { name: "Globex", number: 4 },
      { name: "ACME", number: 5 },
    ];
    expect(nearDuplicates("acme corp", candidates).map((c) => c.number)).toEqual([3, 5]);
  });

  it("counts edits and stops early past the limit", () => {
    expect(levenshtein("kitten", "sitting")).toBe(3);
    expect(levenshtein("kitten", "sitting", 2)).toBe(3);
    expect(levenshtein("", "abc")).toBe(3);
  });
});
