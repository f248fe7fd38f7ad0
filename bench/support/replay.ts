import { randomBytes } from "node:crypto";
import pg from "pg";
import type { RecordedStatement } from "./pg-recorder.ts";

// Turns the statements recorded for one response into transactions that a
// plain PostgreSQL client can run again and again: the same SQL, the same
// parameters, in the same order and grouping, except the values that make a
// response itself (its start key and resume hash, fresh each time, and its
// id, read back from the same query that gave it to the app) and the row
// revisions a page save compares with (a parameter cast to xid), read back
// from the query that gave the app that revision.

type Param =
  { literal: string | Buffer | null } | { fresh: "startKey" | "resumeHash" } | { learned: "responseId" | "revision" };

type Cell = { row: number; column: number };

interface PlanStatement {
  /** Named like the app's prepared statement, so the replay prepares it once per connection too. */
  name?: string;
  sql: string;
  params: Param[];
  /** Where the new response's id appears in this statement's result. */
  learnId?: Cell;
  /** Where this statement's result gives the row revision that a later statement compares with. */
  learnRevision?: Cell;
}

export interface ReplayPlan {
  transactions: PlanStatement[][];
  statements: number;
  /** Transactions with more than one statement (BEGIN … COMMIT). */
  multiStatement: number;
  /** Transactions of background work (the mail worker) that ran meanwhile, left out. */
  background: number;
}

export interface ResponseIdentity {
  startKey: string;
  resumeHash: string;
  responseId: string;
}

const BACKGROUND = /\bmail_outbox\b/;

/** Groups each connection's statements into transactions, in the order the app began them. */
function transactionsOf(statements: RecordedStatement[]): RecordedStatement[][] {
  const open = new Map<number, RecordedStatement[]>();
  const done: RecordedStatement[][] = [];
  for (const s of statements) {
    const current = open.get(s.connection);
    if (current) {
      current.push(s);
      if (/^\s*(commit|rollback)\b/i.test(s.sql)) {
        open.delete(s.connection);
        done.push(current);
      }
    } else if (/^\s*begin\b/i.test(s.sql)) open.set(s.connection, [s]);
    else done.push([s]);
  }
  if (open.size > 0) throw new Error("the recording ends inside a transaction");
  return done.sort((a, b) => (a[0] as RecordedStatement).seq - (b[0] as RecordedStatement).seq);
}

export function buildPlan(recorded: RecordedStatement[], identity: ResponseIdentity): ReplayPlan {
  const all = transactionsOf(recorded);
  const mine = all.filter((t) => !t.some((s) => BACKGROUND.test(s.sql)));
  const revisions = new Set(mine.flat().flatMap((s) => s.params.filter((_, i) => isRevision(s.sql, i))));
  let idKnown = false;
  let revision: unknown;
  const transactions = mine.map((t) =>
    t.map((s): PlanStatement => {
      if (s.error) throw new Error(`a recorded statement failed: ${s.sql}`);
      const params = s.params.map((value, i): Param => {
        if (value === identity.startKey) return { fresh: "startKey" };
        if (value === identity.resumeHash) return { fresh: "resumeHash" };
        if (value === identity.responseId) {
          if (!idKnown) throw new Error(`the response id is sent before the app could have read it: ${s.sql}`);
          return { learned: "responseId" };
        }
        if (isRevision(s.sql, i)) {
          if (value !== revision) throw new Error(`a revision is compared that no earlier read returned: ${s.sql}`);
          return { learned: "revision" };
        }
        const text = typeof value === "string" ? value : "";
        if (Object.values(identity).some((v) => text.includes(v))) {
          throw new Error(`a parameter embeds the response's identity; cannot replay: ${s.sql}`);
        }
        return { literal: value };
      });
      const statement: PlanStatement = { sql: s.sql, params, ...(s.name ? { name: s.name } : {}) };
      if (!idKnown) {
        const at = cellOf(s.rows, identity.responseId);
        if (at) {
          statement.learnId = at;
          idKnown = true;
        }
      }
      const read = s.rows.flat().find((v): v is string => v !== null && revisions.has(v));
      const at = read === undefined ? undefined : cellOf(s.rows, read);
      if (at) {
        statement.learnRevision = at;
        revision = read;
      }
      return statement;
    }),
  );
  return {
    transactions,
    statements: transactions.reduce((n, t) => n + t.length, 0),
    multiStatement: transactions.filter((t) => t.length > 1).length,
    background: all.length - mine.length,
  };
}

/** Whether parameter `index` of `sql` is a row revision (cast to xid), which changes with every write. */
const isRevision = (sql: string, index: number) => sql.includes(`$${index + 1}::xid`);

function cellOf(rows: (string | null)[][], value: string): Cell | undefined {
  const row = rows.findIndex((r) => r.includes(value));
  return row < 0 ? undefined : { row, column: (rows[row] as (string | null)[]).indexOf(value) };
}

/** The plan's transactions, one line per statement (SQL shortened). */
export function describePlan(plan: ReplayPlan): string {
  return plan.transactions
    .map((t, i) =>
      t
        .map((s, j) => `${j === 0 ? String(i + 1).padStart(4) : "    "}  ${s.sql.replace(/\s+/g, " ").slice(0, 150)}`)
        .join("\n"),
    )
    .join("\n");
}

/** A pool whose results stay as PostgreSQL's text, as the recording kept them. */
export function rawPool(url: string, max: number): pg.Pool {
  return new pg.Pool({ connectionString: url, max, types: { getTypeParser: () => (v: string) => v } });
}

/** Runs the plan's transactions once, as one new response, calling `committed` after each. */
export async function replayOnce(pool: pg.Pool, plan: ReplayPlan, committed: () => void): Promise<void> {
  const fresh = {
    startKey: randomBytes(18).toString("base64url"),
    resumeHash: randomBytes(32).toString("base64url"),
  };
  let responseId: string | null = null;
  let revision: string | null = null;
  for (const transaction of plan.transactions) {
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      for (const s of transaction) {
        const values = s.params.map((p) =>
          "literal" in p ? p.literal : "fresh" in p ? fresh[p.fresh] : p.learned === "revision" ? revision : responseId,
        );
        const result = await client.query({ name: s.name, text: s.sql, values, rowMode: "array" });
        const cell = (at: Cell) => (result.rows[at.row] as string[])[at.column] ?? null;
        if (s.learnId) responseId = cell(s.learnId);
        if (s.learnRevision) revision = cell(s.learnRevision);
      }
    } catch (error) {
      failure = error as Error;
      throw error;
    } finally {
      // A connection that failed mid-transaction is closed, not reused.
      client.release(failure);
    }
    committed();
  }
}
