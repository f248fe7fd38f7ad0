#!/usr/bin/env node
// `npx outside-in …` starts here. Node 24 runs our TypeScript directly; an
// older Node (machines ship 20) re-runs the command through
// scripts/node24.sh, which finds or installs Node 24 first, as npm scripts do.
import { spawnSync } from "node:child_process";
import process from "node:process";
import { fileURLToPath, URL } from "node:url";

const major = Number(process.versions.node.split(".")[0]);
if (major >= 24) {
  await import("./main.ts");
} else {
  const script = fileURLToPath(new URL("../scripts/node24.sh", import.meta.url));
  const main = fileURLToPath(new URL("./main.ts", import.meta.url));
  const result = spawnSync("sh", [script, "node", main, ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(result.status ?? 1);
}
