import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

// The production server as it runs for real: `react-router build`, then
// `node server/main.ts` as a child process (as tests/e2e/support/global-setup.ts
// does), so the bench measures exactly what would be deployed.

const root = fileURLToPath(new URL("../../", import.meta.url));

export function buildApp(): void {
  const started = Date.now();
  const result = spawnSync(process.execPath, ["node_modules/@react-router/dev/bin.cjs", "build"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) throw new Error(`react-router build failed:\n${result.stdout}\n${result.stderr}`);
  console.log(`built the app in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

/**
 * A process's children (a cluster's workers): Linux lists a thread's children
 * in /proc, and Node forks from its main thread. Null where the kernel does
 * not list them.
 */
export function childPids(pid: number): number[] | null {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim();
    return children ? children.split(" ").map(Number) : [];
  } catch {
    return null;
  }
}

export interface ServerOptions {
  databaseUrl: string;
  port: number;
  /** Kept across restarts: CSRF tokens and sealed answers outlive a crash. */
  authSecret: string;
  encryptionKey: string;
  /** WEB_CONCURRENCY: HTTP worker processes (default one process). */
  processes?: number;
}

export const serverSecrets = () => ({
  authSecret: randomBytes(32).toString("hex"),
  encryptionKey: randomBytes(32).toString("hex"),
});

export class AppServer {
  private child: ChildProcess | null = null;
  /** Lines the server wrote to stderr (its errors), for the report. */
  readonly errors: string[] = [];
  /** What the server printed on stdout since it last started. */
  private output = "";
  readonly baseUrl: string;
  private readonly options: ServerOptions;

  constructor(options: ServerOptions) {
    this.options = options;
    this.baseUrl = `http://127.0.0.1:${options.port}`;
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  async start(timeoutMs = 60_000): Promise<number> {
    const started = Date.now();
    // e.g. BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server.
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean);
    const child = spawn(process.execPath, [...nodeArgs, "server/main.ts"], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(this.options.port),
        BASE_URL: this.baseUrl,
        DATABASE_URL: this.options.databaseUrl,
        AUTH_SECRET: this.options.authSecret,
        ENCRYPTION_KEY: this.options.encryptionKey,
        SEED_DEMO: "false",
        WEB_CONCURRENCY: String(this.options.processes ?? 1),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stderr?.on("data", (chunk: Buffer) => this.errors.push(...chunk.toString().split("\n").filter(Boolean)));
    this.output = "";
    child.stdout?.on("data", (chunk: Buffer) => (this.output += chunk.toString()));
    this.child = child;
    // It says it is ready once all its worker processes listen.
    if (await this.printed("Outside-In is ready", timeoutMs)) return Date.now() - started;
    throw new Error(`the server did not say it was ready within ${timeoutMs} ms`);
  }

  /** Waits until the server has printed `text` since it started; false after `timeoutMs`. */
  async printed(text: string, timeoutMs: number): Promise<boolean> {
    const started = Date.now();
    const child = this.child;
    while (Date.now() - started < timeoutMs) {
      if (!child || child.exitCode !== null) {
        throw new Error(`the server exited (${child?.exitCode}): ${this.errors.join("\n")}`);
      }
      if (this.output.includes(text)) return true;
      await new Promise((r) => setTimeout(r, 20));
    }
    return false;
  }

  /** The cluster's workers (none when it runs in one process). */
  workerPids(): number[] {
    const pid = this.child?.pid;
    return pid ? (childPids(pid) ?? []) : [];
  }

  /** kill -9: no shutdown handler runs, in-flight requests and transactions die with it. */
  async kill(): Promise<void> {
    await this.stopWith("SIGKILL");
  }

  async stop(): Promise<void> {
    await this.stopWith("SIGTERM");
  }

  private stopWith(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      child.once("exit", () => resolve());
      child.kill(signal);
    });
  }
}
