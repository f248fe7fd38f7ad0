import cluster from "node:cluster";
import { createServer } from "node:http";
import { fileURLToPath } from "node:url";
import { superviseWorkers } from "../cluster.ts";

// A cluster like the app's, with workers that only answer their pid, for
// cluster.test.ts: run with PORT, COUNT, and CRASH=<exit code> for workers
// that die at start (78 is the code that makes the supervisor give up at once). The primary prints "ready" once they listen, and "stopped" after a
// SIGTERM has stopped them.
const port = Number(process.env.PORT);

if (cluster.isWorker) {
  if (process.env.CRASH) process.exit(Number(process.env.CRASH));
  const server = createServer((_req, res) => res.end(String(process.pid))).listen(port, "127.0.0.1");
  process.on("SIGTERM", () => server.close(() => process.exit(0)));
} else {
  const workers = superviseWorkers({
    count: Number(process.env.COUNT),
    exec: fileURLToPath(import.meta.url),
    restartDelayMs: 50,
    fatalExitCode: 78,
    onGiveUp: (reason) => {
      console.log(`gave up: ${reason}`);
      process.exit(3);
    },
  });
  process.on("SIGTERM", () => {
    void workers.stop().then(() => {
      console.log("stopped");
      process.exit(0);
    });
  });
  await workers.ready;
  console.log("ready");
}
