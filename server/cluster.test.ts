import { type ChildProcess, spawn } from "node:child_process";
import { get } from "node:http";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

// The supervisor in real processes: a primary forking workers that share a
// port (server/support/cluster-fixture.ts), killed and stopped as an operator
// or the kernel would.

const fixture = fileURLToPath(new URL("./support/cluster-fixture.ts", import.meta.url));
const running: ChildProcess[] = [];

afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function startPrimary(env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, [fixture], {
    env: { PATH: process.env.PATH ?? "", PORT: String(port), ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  running.push(child);
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // "close", not "exit": the process's output has all been read by then.
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  const printed = async (text: string) => {
    await expect.poll(() => output, { timeout: 20_000 }).toContain(text);
  };
  return { child, port, exited, printed, output: () => output };
}

/** The pid of the worker that answers a new connection. */
function workerPid(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    get({ host: "127.0.0.1", port, agent: false }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve(Number(body)));
    }).on("error", reject);
  });
}

async function pidsAnswering(port: number, requests = 12): Promise<Set<number>> {
  const pids = new Set<number>();
  for (let i = 0; i < requests; i++) pids.add(await workerPid(port));
  return pids;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("the worker supervisor", () => {
  it("serves one port from as many workers as asked", async () => {
    const primary = await startPrimary({ COUNT: "2" });
    await primary.printed("ready");
    const pids = await pidsAnswering(primary.port);
    expect(pids.size).toBe(2);
    expect(pids.has(primary.child.pid as number)).toBe(false);
  });

  it("replaces a worker that is killed, and the port keeps answering", async () => {
    const primary = await startPrimary({ COUNT: "2" });
    await primary.printed("ready");
    const [victim] = await pidsAnswering(primary.port);
    process.kill(victim as number, "SIGKILL");
    await primary.printed(`worker ${victim} exited (signal SIGKILL); starting another`);
    await primary.printed(`is serving in place of ${victim}`);
    await expect
      .poll(
        async () => {
          const pids = await pidsAnswering(primary.port);
          return pids.size === 2 && !pids.has(victim as number);
        },
        { timeout: 15_000 },
      )
      .toBe(true);
  });

  it("always replaces workers that were serving, however often they die", async () => {
    const primary = await startPrimary({ COUNT: "2" });
    await primary.printed("ready");
    // More deaths than the limit on failed starts (3 per worker), in well under a minute.
    for (let kill = 0; kill < 8; kill++) {
      const [victim] = await pidsAnswering(primary.port, 4);
      process.kill(victim as number, "SIGKILL");
      await primary.printed(`worker ${victim} exited (signal SIGKILL); starting another`);
      await expect.poll(async () => (await pidsAnswering(primary.port)).size, { timeout: 15_000 }).toBe(2);
    }
    expect(primary.output()).not.toContain("gave up");
    expect(primary.child.exitCode).toBeNull();
  });

  it("stops every worker on SIGTERM, then exits cleanly", async () => {
    const primary = await startPrimary({ COUNT: "2" });
    await primary.printed("ready");
    const pids = [...(await pidsAnswering(primary.port))];
    expect(pids.every(alive)).toBe(true);
    primary.child.kill("SIGTERM");
    expect(await primary.exited).toBe(0);
    expect(primary.output()).toContain("stopped");
    expect(pids.some(alive)).toBe(false);
  });

  it("gives up on workers that keep dying instead of restarting them forever", async () => {
    const primary = await startPrimary({ COUNT: "2", CRASH: "2" });
    expect(await primary.exited).toBe(3);
    expect(primary.output()).toMatch(/gave up: 7 workers died before they listened, within 60 s; the last with code 2/);
    expect(primary.output()).not.toContain("ready");
  });

  it("gives up at once on a worker that exits with the code for a failure all would share", async () => {
    const primary = await startPrimary({ COUNT: "2", CRASH: "78" });
    expect(await primary.exited).toBe(3);
    expect(primary.output()).toContain("gave up: a worker could not start (code 78)");
    expect(primary.output()).not.toContain("starting another");
  });
});
