import { normaliseName } from "../../domain/contacts/near-duplicates.js";
import type { SqlRunner } from "./client.js";

/**
 * Fills the look-alike key of leads and contacts written before it existed (a one-off after the migration
 * that added it), in every workspace at once, like a migration. In JavaScript, because the key is
 * `normaliseName`'s and SQL has no equal of it. After that it finds nothing to do: one read per table.
 */
export async function fillMatchKeys(sql: Pick<SqlRunner, "query">): Promise<number> {
  let filled = 0;
  for (const [table, column] of [["Lead", "title"], ["Contact", "name"]] as const) {
    for (;;) {
      const rows = await sql.query<{ id: string; name: string }>(`SELECT id, "${column}" AS name FROM "${table}" WHERE "matchKey" IS NULL LIMIT 1000`);
      if (!rows.length) break;
      await sql.query(
        `UPDATE "${table}" t SET "matchKey" = v.key FROM unnest($1::uuid[], $2::text[]) AS v(id, key) WHERE t.id = v.id`,
        [rows.map((row) => row.id), rows.map((row) => normaliseName(row.name))],
      );
      filled += rows.length;
    }
  }
  return filled;
}
