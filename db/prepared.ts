/**
 * Statements the collaboration server runs several times a second (group commit, relational copy
 * and what follows it) are built once per executor and run with placeholders: drizzle otherwise
 * builds the SQL text and its parameter list anew on every call, which at a few commits a second
 * was a measurable share of the server's CPU and garbage.
 */
import type { Executor } from "./client";

export function preparedPerExecutor<Statement>(build: (db: Executor) => Statement): (db: Executor) => Statement {
  // Keyed weakly: a transaction's statement goes with the transaction.
  const built = new WeakMap<Executor, Statement>();
  return (db) => {
    let statement = built.get(db);
    if (!statement) {
      statement = build(db);
      built.set(db, statement);
    }
    return statement;
  };
}
