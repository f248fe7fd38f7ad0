// `npm start`: build the app, then run the production server. Node 24 runs
// TypeScript directly, so there is no separate compile step for the server.
// Production mode for the build and the server alike (server/production-mode.ts).
import "../server/production-mode.ts";
import { spawnSync } from "node:child_process";

const build = spawnSync("react-router", ["build"], { stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);
await import("../server/main.ts");
