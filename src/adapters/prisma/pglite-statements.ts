import { messages as wire, parse, protocol, type PGlite } from "@electric-sql/pglite";
import type { Connection, RunOptions } from "./pg-transactions.js";

type BackendMessage = Awaited<ReturnType<PGlite["execProtocolStream"]>>[number];

const { serialize } = protocol;

/** Named statements kept per database, at most: past it, a statement is parsed for each run. */
const MAX_NAMED = 200;

/**
 * The hot statements on PGlite as named (prepared) statements, each run in one call into the engine.
 *
 * Why: PGlite's `query()` sends a statement as six protocol messages, each a call of its own into the WASM
 * PostgreSQL (parse, describe, bind, describe, execute, sync), and PostgreSQL parses and plans the text every
 * time. Measured on `/lead add` (issue 12, a 10 s run): parsing and planning its two long statements (the
 * lead's CTE and the look-alike names) took 1.7 ms of the command's 7 ms of CPU. A named statement is parsed
 * once and may keep its plan; each run is bind, describe, execute and sync in one call (a statement planned
 * for each run takes two: parse and describe, then those). This is what `preparing` (pg-transactions.ts)
 * does for PostgreSQL through node-postgres, with the same `planEachRun`.
 *
 * Values are serialised and rows parsed with the database's own serializers and parsers, by the types
 * PostgreSQL gives for the statement, so the rows are the ones `query()` returns.
 */
export function pgliteStatements(database: PGlite) {
  /** Statement name and parameter types, by text. */
  const named = new Map<string, { name: string; types: number[] }>();

  /**
   * Parses the statement and learns its parameters' types (one call): under a name kept for the next runs,
   * or unnamed, for this run only.
   */
  async function parsed(text: string, keep: boolean) {
    const name = keep ? `tl_${named.size + 1}` : "";
    const replies = await database.execProtocolStream(Buffer.concat([serialize.parse({ name, text }), serialize.describe({ type: "S", name }), serialize.sync()]), { syncToFs: false });
    const statement = { name, types: parse.parseDescribeStatementResults(replies) };
    if (keep) named.set(text, statement);
    return statement;
  }

  async function run(text: string, values: unknown[], options?: RunOptions) {
    const keep = !options?.planEachRun;
    const statement = (keep && named.get(text)) || (await parsed(text, keep && named.size < MAX_NAMED));
    const params = values.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serializer = database.serializers[statement.types[i]!];
      return serializer ? (serializer(value) as string) : String(value);
    });
    const steps = Buffer.concat([serialize.bind({ statement: statement.name, values: params }), serialize.describe({ type: "P" }), serialize.execute({}), serialize.sync()]);
    // An error (a constraint, a lock) throws here; the sync sent in the same call has already ended the run.
    const replies = await database.execProtocolStream(steps, { syncToFs: false });
    return { rows: rowsOf(replies, database.parsers) };
  }

  /** Inside the transaction in progress, which holds the one connection: queued behind its other statements. */
  const inTransaction: Connection = { query: (text, values, options) => database.runExclusive(() => run(text, values, options)) };
  /**
   * Outside a transaction: waits for any transaction in progress to end, as `query()` does. No sync to disk
   * after it, which `query()` asks for: the data directory is Node's file system (or memory), where PGlite's
   * sync does nothing.
   */
  const outside: Connection = {
    query: (text, values, options) => database._runExclusiveTransaction(() => database.runExclusive(() => run(text, values, options))),
  };
  return { inTransaction, outside };
}

/**
 * The result's rows, each value parsed by its column's type as `query()` does. Not PGlite's `parseResults`,
 * which copies every type's parser into a new object at each call: 7 % of the process's CPU in a `/lead add`
 * run (issue 12).
 */
function rowsOf(replies: BackendMessage[], parsers: PGlite["parsers"]): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  let columns: Array<{ name: string; type: number; parse: ((text: string, type: number) => unknown) | undefined }> = [];
  for (const reply of replies) {
    if (reply instanceof wire.RowDescriptionMessage) {
      columns = reply.fields.map((field) => ({ name: field.name, type: field.dataTypeID, parse: parsers[field.dataTypeID] }));
    } else if (reply instanceof wire.DataRowMessage) {
      const row: Record<string, unknown> = {};
      reply.fields.forEach((value, i) => {
        const column = columns[i]!;
        row[column.name] = value === null || !column.parse ? value : column.parse(value, column.type);
      });
      rows.push(row);
    }
  }
  return rows;
}
