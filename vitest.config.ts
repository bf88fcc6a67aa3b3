import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Every test file opens its own database; two cores run two files at a time.
    pool: "forks",
    env: { TZ: "UTC" },
  },
});
