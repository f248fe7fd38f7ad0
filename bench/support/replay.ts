import { randomBytes } from "node:crypto";
import pg from "pg";
import type { RecordedStatement } from "./pg-recorder.ts";

// Turns the statements recorded for one response into transactions that a
// plain PostgreSQL client can run again and again: the same SQL, the same
// parameters, in the same order and grouping, except the values that make a
// response itself (its start key and resume hash, fresh each time, and its
// id, read back from the same query that gave it to the app).

type Param = { literal: string | Buffer | null } | { fresh: "startKey" | "resumeHash" } | { learned: "responseId" };

interface PlanStatement {
  /** Named like the app's prepared statement, so the replay prepares it once per connection too. */
  name?: string;
  sql: string;
  params: Param[];
  /** Where the new response's id appears in this statement's result. */
  learnId?: { row: number; column: number };
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
  let idKnown = false;
  const transactions = mine.map((t) =>
    t.map((s): PlanStatement => {
      if (s.error) throw new Error(`a recorded statement failed: ${s.sql}`);
      const params = s.params.map((value): Param => {
        if (value === identity.startKey) return { fresh: "startKey" };
        if (value === identity.resumeHash) return { fresh: "resumeHash" };
        if (value === identity.responseId) {
          if (!idKnown) throw new Error(`the response id is sent before the app could have read it: ${s.sql}`);
          return { learned: "responseId" };
        }
        const text = typeof value === "string" ? value : "";
        if (Object.values(identity).some((v) => text.includes(v))) {
          throw new Error(`a parameter embeds the response's identity; cannot replay: ${s.sql}`);
        }
        return { literal: value };
      });
      const statement: PlanStatement = { sql: s.sql, params, ...(s.name ? { name: s.name } : {}) };
      if (!idKnown) {
        const row = s.rows.findIndex((r) => r.includes(identity.responseId));
        if (row >= 0) {
          statement.learnId = { row, column: (s.rows[row] as (string | null)[]).indexOf(identity.responseId) };
          idKnown = true;
        }
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
  for (const transaction of plan.transactions) {
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      for (const s of transaction) {
        const values = s.params.map((p) => ("literal" in p ? p.literal : "fresh" in p ? fresh[p.fresh] : responseId));
        const result = await client.query({ name: s.name, text: s.sql, values, rowMode: "array" });
        if (s.learnId) responseId = (result.rows[s.learnId.row] as string[])[s.learnId.column] ?? null;
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
