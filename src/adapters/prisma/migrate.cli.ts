// `npm run db:migrate`: applies pending migrations to DATABASE_URL and exits, for deploys that migrate
// before starting instances (the app also migrates at start-up).
import "dotenv/config";
import { loadConfig } from "../../config.js";
import { openDatabase } from "./client.js";
import { applyMigrations } from "./migrate.js";

const db = await openDatabase(loadConfig().DATABASE_URL);
try {
  const applied = await applyMigrations(db.sql);
  process.stdout.write(applied.length ? `applied: ${applied.join(", ")}\n` : "up to date\n");
} finally {
  await db.close();
}
