import { openSync, readSync, closeSync, statSync } from "node:fs";
import { beforeEach, inject } from "vitest";

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
 * When a test fails, prints what the server wrote to stderr while it ran (a
 * 500's stack trace is usually the quickest way to the bug).
 */
export function printServerLogOnFailure() {
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
}
