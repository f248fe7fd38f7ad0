import { readFileSync } from "node:fs";
import pg from "pg";
import { childPids } from "./server.ts";

// CPU time spent during a measurement by the app server, the database's
// backends for the bench database and the bench itself. On a shared machine
// wall-clock rates move with the neighbours' load; CPU time per response
// moves much less, so it says where the time goes. Linux only (/proc);
// elsewhere the figures are left out.

const TICK_MS = 10; // USER_HZ is 100 on Linux

function processCpuMs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime is the 12th, stime the 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/**
 * The server and, when it runs a cluster, its workers. A worker that dies
 * during a measurement takes its CPU time with it (none did in our runs).
 */
function serverPids(pid: number): number[] {
  const children = childPids(pid);
  if (children === null && !warnedNoChildren) {
    console.log("(this kernel does not list children: server CPU is the primary's alone)");
    warnedNoChildren = true;
  }
  return [pid, ...(children ?? [])];
}
let warnedNoChildren = false;

const cpuByPid = (pids: number[]) => new Map(pids.map((p) => [p, processCpuMs(p)]));

/** CPU since `before` of the processes in `pids`, counting one not in `before` from its start. */
function cpuSince(before: Map<number, number>, pids: number[]): number {
  return pids.reduce((sum, p) => sum + processCpuMs(p) - (before.get(p) ?? 0), 0);
}

async function backendPids(adminUrl: string, database: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [database],
    );
    return rows.map((r) => r.pid);
  } finally {
    await client.end();
  }
}

export interface CpuSplit {
  server: number;
  postgres: number;
  bench: number;
}

export class CpuMeter {
  private readonly available = process.platform === "linux";
  private before: { server: Map<number, number>; postgres: Map<number, number>; bench: number } | null = null;
  private readonly serverPid: () => number | null;
  private readonly adminUrl: string;
  private readonly database: string;

  constructor(options: { serverPid: () => number | null; adminUrl: string; database: string }) {
    this.serverPid = options.serverPid;
    this.adminUrl = options.adminUrl;
    this.database = options.database;
  }

  async start(): Promise<void> {
    if (!this.available) return;
    const pid = this.serverPid();
    const pids = await backendPids(this.adminUrl, this.database);
    this.before = {
      server: cpuByPid(pid ? serverPids(pid) : []),
      postgres: cpuByPid(pids),
      bench: benchCpuMs(),
    };
  }

  /** CPU milliseconds since start(), or null where /proc is not available. */
  async stop(): Promise<CpuSplit | null> {
    if (!this.available || !this.before) return null;
    const pid = this.serverPid();
    return {
      server: cpuSince(this.before.server, pid ? serverPids(pid) : []),
      postgres: cpuSince(this.before.postgres, await backendPids(this.adminUrl, this.database)),
      bench: benchCpuMs() - this.before.bench,
    };
  }
}

function benchCpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

export const describeCpu = (cpu: CpuSplit | null, responses: number) =>
  cpu
    ? `CPU per response: server ${(cpu.server / responses).toFixed(1)} ms, ` +
      `PostgreSQL backends ${(cpu.postgres / responses).toFixed(1)} ms, bench client ${(cpu.bench / responses).toFixed(1)} ms`
    : "CPU per response: not measured (needs Linux /proc)";
