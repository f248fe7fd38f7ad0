import cluster, { type Worker } from "node:cluster";

// A cluster's primary process: it forks the HTTP workers, which share one
// listening port (Node hands connections out among them), and keeps that many
// running. Nothing a request needs lives in a worker's memory: sessions,
// CSRF tokens, sign-in throttling and the outbox are all in the database, so
// any worker can answer any request (decision 0032).

/**
 * Workers that die before they listen (a broken build, the database
 * unreachable), per worker asked for, within CRASH_WINDOW_MS, before the
 * supervisor gives up. A worker that was serving is always replaced: one
 * request that kills it must not take the others down.
 */
const FAILED_STARTS_PER_WORKER = 3;
const CRASH_WINDOW_MS = 60_000;
/** Pause before a dead worker is replaced, so a failing start cannot spin. */
const RESTART_DELAY_MS = 500;
/** How long workers get to finish their requests when the cluster stops, before they are killed. */
const STOP_GRACE_MS = 15_000;

export interface WorkerSupervisor {
  /** Resolves once `count` workers are listening (never, if the supervisor gives up first). */
  ready: Promise<void>;
  /** Asks every worker to stop (SIGTERM), waits for them, kills those that linger. */
  stop(): Promise<void>;
}

export interface SupervisorOptions {
  count: number;
  /** The script each worker runs. */
  exec: string;
  /**
   * Workers kept dying (a broken build, a database gone): the supervisor has
   * stopped the rest, and the primary should stop too rather than spin.
   */
  onGiveUp: (reason: string) => void;
  log?: (line: string) => void;
  /** A worker exiting with this code hit what every worker would (the port is taken): give up at once. */
  fatalExitCode?: number;
  /** Tests shorten the pause before a replacement. */
  restartDelayMs?: number;
}

export function superviseWorkers(options: SupervisorOptions): WorkerSupervisor {
  const { count, log = console.log } = options;
  const restartDelayMs = options.restartDelayMs ?? RESTART_DELAY_MS;
  cluster.setupPrimary({ exec: options.exec });
  const live = new Set<Worker>();
  const failedStarts: number[] = [];
  let stopping = false;
  const listening = new Set<Worker>();
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  /** `replacing`: the pid of the dead worker this one replaces. */
  const fork = (replacing?: number) => {
    const worker = cluster.fork();
    live.add(worker);
    worker.once("listening", () => {
      listening.add(worker);
      if (listening.size === count) markReady();
      if (replacing) log(`worker ${worker.process.pid} is serving in place of ${replacing}`);
    });
    worker.once("exit", (code, signal) => {
      live.delete(worker);
      const wasServing = listening.delete(worker);
      if (stopping) return;
      if (code !== null && code === options.fatalExitCode) {
        void stop().then(() => options.onGiveUp(`a worker could not start (${describeExit(code, signal)})`));
        return;
      }
      if (!wasServing) {
        const now = Date.now();
        failedStarts.push(now);
        while ((failedStarts[0] as number) < now - CRASH_WINDOW_MS) failedStarts.shift();
        if (failedStarts.length > count * FAILED_STARTS_PER_WORKER) {
          const reason = `${failedStarts.length} workers died before they listened, within ${CRASH_WINDOW_MS / 1000} s; the last with ${describeExit(code, signal)}`;
          void stop().then(() => options.onGiveUp(reason));
          return;
        }
      }
      log(`worker ${worker.process.pid} exited (${describeExit(code, signal)}); starting another`);
      setTimeout(() => {
        if (!stopping) fork(worker.process.pid);
      }, restartDelayMs);
    });
  };
  for (let i = 0; i < count; i++) fork();

  const stop = async () => {
    stopping = true;
    await Promise.all([...live].map(stopWorker));
  };
  return { ready, stop };
}

function stopWorker(worker: Worker): Promise<void> {
  return new Promise<void>((resolve) => {
    if (worker.isDead()) return resolve();
    const kill = setTimeout(() => worker.process.kill("SIGKILL"), STOP_GRACE_MS);
    worker.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    worker.process.kill("SIGTERM");
  });
}

const describeExit = (code: number | null, signal: string | null) => (signal ? `signal ${signal}` : `code ${code}`);
