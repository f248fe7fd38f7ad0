import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

// A server of a test's own: the production entry (server/main.ts) started
// with exactly the settings the test gives, as an operator would start it.

const root = fileURLToPath(new URL("../../../", import.meta.url));
const probe = fileURLToPath(new URL("./report-react-builds.ts", import.meta.url));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

export interface Started {
  child: ChildProcess;
  /** Everything the server wrote, stdout and stderr. */
  output: () => string;
  /** Resolves with the exit code once the process ends. */
  exited: Promise<number | null>;
}

/** Starts `node server/main.ts` with exactly these settings (no NODE_ENV unless given). */
export function startServer(env: Record<string, string>): Started {
  const chunks: string[] = [];
  const child = spawn(process.execPath, ["--import", probe, "server/main.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.on("data", (c: Buffer) => chunks.push(c.toString()));
  child.stderr?.on("data", (c: Buffer) => chunks.push(c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => chunks.join(""), exited };
}

export async function untilReady(server: Started, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!server.output().includes("Outside-In is ready")) {
    if (server.child.exitCode !== null) throw new Error(`the server exited:\n${server.output()}`);
    if (Date.now() > deadline) throw new Error(`the server did not say it was ready:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function stop(server: Started): Promise<void> {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGTERM");
  await server.exited;
}
