import { openSync, readSync, closeSync, statSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, expect, inject } from "vitest";

// The running server, as the global setup started it.

export const baseUrl = (): string => inject("baseUrl");
export const url = (path: string): string => new URL(path, baseUrl()).toString();

function serverLogFrom(offset: number): string {
  const file = inject("serverLog");
  const size = statSync(file).size;
  if (size <= offset) return "";
  const buffer = Buffer.alloc(size - offset);
  const fd = openSync(file, "r");
  try {
    readSync(fd, buffer, 0, buffer.length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer.toString("utf8");
}

/**
 * Watches what the server writes to stderr. When a test fails, prints what
 * the server wrote while it ran (a 500's stack trace is usually the quickest
 * way to the bug). After the file, fails if the server logged any error
 * while its tests ran, even if every page looked fine.
 */
export function watchServerLog() {
  let fileStart = 0;
  beforeAll(() => {
    fileStart = statSync(inject("serverLog")).size;
  });
  beforeEach(({ onTestFailed, task }) => {
    const offset = statSync(inject("serverLog")).size;
    onTestFailed(() => {
      const log = serverLogFrom(offset);
      process.stderr.write(
        log
          ? `\n[e2e] server stderr during "${task.name}":\n${log}\n`
          : `\n[e2e] the server wrote nothing to stderr during "${task.name}"\n`,
      );
    });
  });
  afterAll(async () => {
    // stderr reaches the log through a pipe: give the last lines a moment.
    await new Promise((r) => setTimeout(r, 200));
    const log = serverLogFrom(fileStart);
    const errors = log.split("\n").filter((line) => /error/i.test(line) && !/^\s+at /.test(line));
    expect(errors, `the server logged errors while this file ran:\n${log}`).toEqual([]);
  });
}
