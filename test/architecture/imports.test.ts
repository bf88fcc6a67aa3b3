import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Dependencies point one way (docs STYLE, principle 5): the domain imports nothing of ours; the doors
 * (src/bots) import the domain and declare the ports they use; the adapters implement those ports. Only the
 * composition roots (src/app.ts, src/main.ts) see everything, and nothing imports them.
 */
const src = resolve(import.meta.dirname, "../../src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** "domain", "bots", "adapters", or the file's own name for a file at the top (app.ts, log.ts, …). */
const areaOf = (file: string) => relative(src, file).split("/")[0]!;

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^"']*?from\s+["'](\.[^"']+)["']/g)].map((m) => m[1]!);
  return specs.map((spec) => resolve(dirname(file), spec).replace(/\.js$/, ".ts")).filter((path) => path.startsWith(src));
}

const edges = sourceFiles(src).flatMap((file) =>
  importsOf(file)
    .filter((target) => areaOf(target) !== areaOf(file))
    .map((target) => ({ from: areaOf(file), to: areaOf(target), file: relative(src, file), target: relative(src, target) })),
);

describe("import direction between the top-level folders of src", () => {
  it("finds the imports it checks (a guard against a broken scan)", () => {
    expect(edges.some((edge) => edge.from === "adapters" && edge.to === "domain")).toBe(true);
    expect(edges.some((edge) => edge.from === "bots" && edge.to === "domain")).toBe(true);
  });

  it("keeps the domain free of anything of ours outside it", () => {
    expect(edges.filter((edge) => edge.from === "domain")).toEqual([]);
  });

  it("has no cycle between two top-level folders", () => {
    const pairs = new Set(edges.map((edge) => `${edge.from}>${edge.to}`));
    const cycles = edges.filter((edge) => pairs.has(`${edge.to}>${edge.from}`));
    expect(cycles).toEqual([]);
  });

  it("lets nothing import the composition roots", () => {
    const roots = ["app.ts", "main.ts"];
    expect(edges.filter((edge) => roots.includes(edge.to) && !roots.includes(edge.from))).toEqual([]);
  });
});
