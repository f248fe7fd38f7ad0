import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import type { TestProject } from "vitest/node";
import { parseRfc822 } from "./rfc822.ts";

// Builds the app once, starts a real SMTP sink and the production server as a
// child process, and hands their addresses to the tests. Everything runs on
// loopback; the database is PGlite in memory unless E2E_DB=postgres.

declare module "vitest" {
  export interface ProvidedContext {
    /** http://localhost:<port>, the app's BASE_URL. */
    baseUrl: string;
    /** Directory where the SMTP sink writes one JSON file per message. */
    mailDir: string;
    /** File the server's stderr is appended to, to print when a test fails. */
    serverLog: string;
    /** "pglite" or "postgres". */
    dbKind: string;
  }
}

export interface StoredMail {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  raw: string;
  receivedAt: string;
}

const root = fileURLToPath(new URL("../../../", import.meta.url));

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

function buildApp() {
  if (process.env.E2E_SKIP_BUILD === "1") return;
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(root, "node_modules/@react-router/dev/bin.cjs"), "build"], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (result.status !== 0) {
    throw new Error(`react-router build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  process.stdout.write(`[e2e] built the app in ${Date.now() - started} ms\n`);
}

async function startSmtpSink(mailDir: string): Promise<{ port: number; close: () => Promise<void> }> {
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("error", callback);
      stream.on("end", () => {
        try {
          const raw = Buffer.concat(chunks).toString("utf8");
          const parsed = parseRfc822(raw);
          const mail: StoredMail = {
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            subject: parsed.subject,
            text: parsed.text,
            html: parsed.html,
            raw,
            receivedAt: new Date().toISOString(),
          };
          count += 1;
          const name = `${Date.now()}-${String(count).padStart(5, "0")}.json`;
          // Written under a temporary name and renamed, so readers never see half a file.
          writeFileSync(join(mailDir, `.${name}`), JSON.stringify(mail, null, 2));
          renameSync(join(mailDir, `.${name}`), join(mailDir, name));
          callback();
        } catch (error) {
          callback(error as Error);
        }
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  if (!address || typeof address !== "object") throw new Error("SMTP sink has no address");
  return { port: address.port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const name = `outside_in_e2e_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(`E2E_DB=postgres but PostgreSQL is not reachable at ${adminUrl}: ${(error as Error).message}`);
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

async function waitForHealth(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.status === 200) return;
      last = `status ${response.status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server did not answer 200 on ${url} within ${timeoutMs} ms (last: ${last})`);
}

async function serverSaysReady(output: string[], timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = output
      .join("")
      .split("\n")
      .find((l) => l.startsWith("Outside-In is ready"));
    if (line) return line;
    if (Date.now() > deadline)
      throw new Error(`the server answered but did not say it was ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Only these variables of ours reach the server, so nothing else leaks into its settings. */
function inherited(...names: string[]): Record<string, string> {
  return Object.fromEntries(
    names.flatMap((n) => (process.env[n] === undefined ? [] : [[n, process.env[n] as string]])),
  );
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export default async function setup(project: TestProject) {
  const workDir = mkdtempSync(join(tmpdir(), "outside-in-e2e-"));
  const mailDir = join(workDir, "mail");
  mkdirSync(mailDir);
  const serverLog = join(workDir, "server-stderr.log");
  writeFileSync(serverLog, "");
  const output: string[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error: unknown) => {
        process.stderr.write(`[e2e] teardown: ${(error as Error).message}\n`);
      });
    }
    rmSync(workDir, { recursive: true, force: true });
  };

  try {
    buildApp();

    const sink = await startSmtpSink(mailDir);
    cleanups.push(sink.close);

    const usePostgres = process.env.E2E_DB === "postgres";
    let databaseUrl = "memory:";
    if (usePostgres) {
      const database = await createPostgresDatabase();
      cleanups.push(database.drop);
      databaseUrl = database.url;
    }

    const port = await freePort();
    const baseUrl = `http://localhost:${port}`;
    const child = spawn(process.execPath, ["server/main.ts"], {
      cwd: root,
      env: {
        ...inherited("PATH", "HOME", "TZ", "LANG"),
        NODE_ENV: "production",
        PORT: String(port),
        BASE_URL: baseUrl,
        DATABASE_URL: databaseUrl,
        SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
        DEV_MAILBOX: "true",
        SEED_DEMO: "true",
        AUTH_SECRET: randomBytes(32).toString("hex"),
        ENCRYPTION_KEY: randomBytes(32).toString("hex"),
        // On PostgreSQL the journeys run against a cluster of two workers:
        // each new connection goes to the next one, so state kept in one
        // process's memory would very likely break them (decision 0032).
        ...(usePostgres ? { WEB_CONCURRENCY: "2" } : {}),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // Cleanups run in reverse order: the server stops before its database is dropped.
    cleanups.push(() => stopChild(child));
    child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => {
      output.push(chunk.toString());
      appendFileSync(serverLog, chunk);
    });

    // A server that dies mid-run says so where failing tests print its log.
    let stopping = false;
    cleanups.push(async () => {
      stopping = true;
    });
    child.once("exit", (code, signal) => {
      if (stopping) return;
      const line = `[e2e] the server exited while tests were running (code ${code}, signal ${signal})\n`;
      appendFileSync(serverLog, line);
      process.stderr.write(line);
    });

    // Start-up migrates and seeds the demo (tens of seconds on PGlite on a busy machine).
    await waitForHealth(`${baseUrl}/healthz`, child, 240_000);
    // The health check answers once one process listens; the server says it
    // is ready once all of them do, and with how many (decision 0032).
    const ready = await serverSaysReady(output, 60_000);
    process.stdout.write(`[e2e] ${ready}\n`);

    project.provide("baseUrl", baseUrl);
    project.provide("mailDir", mailDir);
    project.provide("serverLog", serverLog);
    project.provide("dbKind", usePostgres ? "postgres" : "pglite");
  } catch (error) {
    process.stderr.write(`[e2e] setup failed: ${(error as Error).message}\n`);
    if (output.length > 0) process.stderr.write(`[e2e] server output:\n${output.join("")}\n`);
    await teardown();
    throw error;
  }
  return teardown;
}
