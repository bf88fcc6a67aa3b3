import pg from "pg";

/** What a transaction's statements are sent through: a pooled connection, or a lane's stand-in for one. */
export type Queryable = Pick<pg.PoolClient, "query">;

/** The parts of node-postgres's wire connection a query writes with (pg/lib/connection.js). */
type Wire = {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  parse(message: { text: string; name: string }): void;
  bind(message: { portal: string; statement: string; values: unknown[] }): void;
  execute(message: { portal: string }): void;
};

type PgQuery = {
  prepare(connection: Wire): void;
  handleCommandComplete(message: unknown, connection: Wire): void;
};
const Query = pg.Query as unknown as new (config: unknown, values: unknown, callback: (error: Error | undefined, result: unknown) => void) => PgQuery;

/** BEGIN as a statement of each connection: parsed the first time, then only bound and run. */
const BEGIN = "tl_begin";

/**
 * A statement whose messages are preceded by BEGIN's, in the same write and before the same Sync: the
 * transaction opens and its first statement runs in one round trip. node-postgres corks the stream while a
 * query writes its messages, so the server gets both at once and answers once (one ReadyForQuery). BEGIN's
 * own completion is not a result of the statement. If the statement fails, the transaction is open and
 * failed, as after a BEGIN sent apart, and the caller rolls it back.
 */
class BeginFirst extends Query {
  private begun = false;

  override prepare(connection: Wire) {
    if (connection.parsedStatements[BEGIN] === undefined && connection.submittedNamedStatements[BEGIN] === undefined) {
      connection.parse({ text: "BEGIN", name: BEGIN });
      connection.submittedNamedStatements[BEGIN] = "BEGIN";
    }
    connection.bind({ portal: "", statement: BEGIN, values: [] });
    connection.execute({ portal: "" });
    super.prepare(connection);
  }

  override handleCommandComplete(message: unknown, connection: Wire) {
    if (this.begun) return super.handleCommandComplete(message, connection);
    this.begun = true;
  }
}

/**
 * A connection whose transaction begins with its first statement (see BeginFirst): a write transaction saves
 * the round trip of a BEGIN of its own. `begun()` says whether anything was sent, so that a transaction that
 * sent nothing ends without a COMMIT or ROLLBACK.
 */
export function beginningWithFirst(conn: Queryable): Queryable & { begun(): boolean } {
  let begun = false;
  const query = (config: unknown, values?: unknown) => {
    if (begun) return (conn.query as (...args: unknown[]) => unknown)(config, values);
    begun = true;
    const text = typeof config === "string" ? { text: config } : (config as object);
    // Extended protocol even without values: BEGIN's messages only join a statement sent that way.
    const extended = { ...text, queryMode: "extended" };
    return new Promise((resolve, reject) => {
      conn.query(new BeginFirst(extended, values, (error, result) => (error ? reject(error) : resolve(result))) as never);
    });
  };
  return { query: query as Queryable["query"], begun: () => begun };
}
