import { spawnSync } from "node:child_process";

// Exports read back by another program than ours: Python's csv module and
// openpyxl, from Debian (/usr/bin/python3; .ci/run installs them). What
// they read is what Excel, R and pandas users will get.

const PYTHON = "/usr/bin/python3";

function runPython(script: string, input: Buffer): unknown {
  const run = spawnSync(PYTHON, ["-c", script], { input, maxBuffer: 256 * 1024 * 1024 });
  if (run.error) throw new Error(`${PYTHON} could not run: ${run.error.message}`);
  if (run.status !== 0) throw new Error(`${PYTHON} failed:\n${run.stderr.toString()}`);
  return JSON.parse(run.stdout.toString("utf8"));
}

/** The records of a CSV file as Python's csv module reads it (a byte order mark dropped). */
export function readCsvWithPython(bytes: Buffer): string[][] {
  return runPython(
    `import csv, io, json, sys
text = sys.stdin.buffer.read().decode("utf-8-sig")
print(json.dumps(list(csv.reader(io.StringIO(text, newline="")))))`,
    bytes,
  ) as string[][];
}

/** Each sheet of a workbook as openpyxl reads it: rows of cell values (None as null). */
export function readXlsxWithPython(bytes: Buffer): Record<string, (string | number | boolean | null)[][]> {
  return runPython(
    `import io, json, sys, openpyxl
book = openpyxl.load_workbook(io.BytesIO(sys.stdin.buffer.read()), read_only=True)
print(json.dumps({s.title: [list(r) for r in s.iter_rows(values_only=True)] for s in book.worksheets}, default=str))`,
    bytes,
  ) as Record<string, (string | number | boolean | null)[][]>;
}
