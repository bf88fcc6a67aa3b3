import pg from "pg";

/** What a transaction's statements are sent through: a pooled connection, or a lane's stand-in for one. */
export type Queryable = Pick<pg.PoolClient, "query">;

/** The parts of node-postgres's wire connection a query writes with (pg/lib/connection.js). */
type Wire = {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
  parse(message: { text: string; name: string }): void;
  bind(message: { portal: string; statement: string; values: unknown[] }): void;
  execute(message: { portal: string; rows?: number | undefined }): void;
  sync(): void;
};

type PgQuery = {
  prepare(connection: Wire): void;
  handleCommandComplete(message: unknown, connection: Wire): void;
  handleError(error: Error, connection: Wire): void;
};
type Done = (error: Error | undefined, result: unknown) => void;
const Query = pg.Query as unknown as new (config: unknown, values: unknown, callback: Done) => PgQuery;

/** BEGIN and COMMIT as statements of each connection: parsed the first time, then only bound and run. */
const BEGIN = { name: "tl_begin", text: "BEGIN" };
const COMMIT = { name: "tl_commit", text: "COMMIT" };

/**
 * Parses the statement on this connection if it was not. Sent before anything that can fail in the same
 * pipeline: the server skips every message after an error until the Sync, and a skipped Parse would leave
 * the statement marked as parsed here and unknown to the server.
 */
function parse(connection: Wire, statement: { name: string; text: string }) {
  if (connection.parsedStatements[statement.name] === undefined && connection.submittedNamedStatements[statement.name] === undefined) {
    connection.parse(statement);
    connection.submittedNamedStatements[statement.name] = statement.text;
  }
}

function run(connection: Wire, statement: { name: string }) {
  connection.bind({ portal: "", statement: statement.name, values: [] });
  connection.execute({ portal: "" });
}

/**
 * A statement framed by BEGIN's messages before it and/or COMMIT's after it, in the same write and under one
 * Sync: the transaction opens, or ends, in the statement's own round trip. node-postgres corks the stream
 * while a query writes its messages, so the server gets them at once and answers once (one ReadyForQuery).
 * BEGIN's and COMMIT's completions are not results of the statement. If the statement fails, the server
 * skips the COMMIT and the transaction is left open and failed, as it would be without the framing, for the
 * caller to roll back; if the COMMIT fails, the server has rolled the transaction back.
 */
class Framed extends Query {
  private completions = 0;
  private failed = false;

  constructor(config: unknown, values: unknown, callback: Done, private readonly frame: { begin: boolean; commit: boolean }) {
    super(config, values, callback);
  }

  override prepare(connection: Wire) {
    if (this.frame.begin) parse(connection, BEGIN);
    if (this.frame.commit) parse(connection, COMMIT);
    if (this.frame.begin) run(connection, BEGIN);
    if (!this.frame.commit) return super.prepare(connection);
    // The statement's own Sync goes after the COMMIT: hold it back while the statement writes its messages.
    const sync = connection.sync;
    connection.sync = () => {};
    try {
      super.prepare(connection);
    } finally {
      connection.sync = sync;
    }
    // A value node-postgres could not send fails the statement before it reaches the server: no COMMIT then.
    if (!this.failed) run(connection, COMMIT);
    connection.sync();
  }

  override handleError(error: Error, connection: Wire) {
    this.failed = true;
    super.handleError(error, connection);
  }

  override handleCommandComplete(message: unknown, connection: Wire) {
    const index = this.completions++;
    if (this.frame.begin && index === 0) return;
    if (this.frame.commit && index === (this.frame.begin ? 2 : 1)) return;
    super.handleCommandComplete(message, connection);
  }
}

/** A statement that ends its transaction: its query config carries `commit: true` (RunOptions.commit). */
type Config = { text?: string; commit?: boolean };

/**
 * A connection whose transaction begins with its first statement and may end with its last (see Framed): a
 * write transaction saves the round trip of a BEGIN, and of a COMMIT when its last statement says so.
 * `open()` says whether the transaction still needs its COMMIT or ROLLBACK: not when nothing was sent, nor
 * once a statement committed it. A statement after that is refused.
 */
export function framingTransaction(conn: Queryable): Queryable & { open(): boolean } {
  let begun = false;
  let committed = false;
  const query = (config: unknown, values?: unknown) => {
    if (committed) return Promise.reject(new Error("a statement after its transaction committed"));
    const given: Config = typeof config === "string" ? { text: config } : (config as Config);
    const frame = { begin: !begun, commit: given.commit === true };
    if (!frame.begin && !frame.commit) return (conn.query as (...args: unknown[]) => unknown)(config, values);
    begun = true;
    // Extended protocol even without values: the framing messages only join a statement sent that way.
    const extended = { ...given, queryMode: "extended" };
    return new Promise((resolve, reject) => {
      const done: Done = (error, result) => {
        if (error) return reject(error);
        committed = frame.commit;
        resolve(result);
      };
      conn.query(new Framed(extended, values, done, frame) as never);
    });
  };
  return { query: query as Queryable["query"], open: () => begun && !committed };
}
