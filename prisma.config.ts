// Configuration for the Prisma CLI (generate, migrate diff/status, studio). The running app does not use
// the CLI: it applies migrations itself (src/adapters/prisma/migrate.ts). `engine: "js"` keeps the CLI on
// its WASM schema engine, which needs no binary download; the adapter follows DATABASE_URL.
import "dotenv/config";
import { defineConfig } from "prisma/config";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaPg } from "@prisma/adapter-pg";

const url = process.env.DATABASE_URL ?? "pglite:./data/threadline";
// The schema's `url = env("DATABASE_URL")` must look like a PostgreSQL URL or the CLI falls back to
// downloading a query engine. With an adapter the value is never used to connect, so a pglite: URL is
// swapped for a placeholder here.
if (!/^postgres(ql)?:\/\//.test(url)) process.env.DATABASE_URL = "postgresql://pglite.invalid/threadline";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  async adapter() {
    if (url.startsWith("pglite:")) {
      const dir = url.slice("pglite:".length);
      // Typed against an older driver-adapter-utils than the CLI's; the contract it implements is the same.
      return new PrismaPGlite(dir === "memory" ? new PGlite() : new PGlite(dir)) as unknown as PrismaPg;
    }
    return new PrismaPg({ connectionString: url });
  },
});
