// Benchmarks: an organization's mean score on a core question against its
// peers'. Only aggregates leave this function — the number of peers and their
// quartiles, to one decimal — never an identifier, and the organization's own
// score is placed against those published figures only. A rank among the peers
// (or a minimum, a maximum, a count of peers above) would change as the
// viewer's own score crosses each peer's value: a viewer that moves its own
// score one response at a time would read every peer's mean off it.
import { admitPeerSet, MIN_GROUP, type PeerSet } from "./peer-sets.ts";
import { quantile } from "./quantiles.ts";

/** A peer counts only with at least this many valid responses to the question. */
export const MIN_RESPONSES = 5;

export interface PeerScore {
  /** Organization identifier: used for the differencing guard only. */
  org: string;
  /** Valid responses to the question. */
  n: number;
  /** Mean score (0–100). */
  mean: number;
}

/** Where the organization's own score falls among the published quartiles (bounds included as written). */
export type Position = "below-q1" | "q1-median" | "median" | "median-q3" | "above-q3";

export type Benchmark =
  | {
      status: "published";
      /** The organization's own mean, to one decimal. */
      own: number;
      /** Peers that count (at least 5 valid responses; the organization itself excluded). */
      peers: number;
      /** Quartiles of the peers' means, R's type 7 (quantiles.ts), to one decimal: what is published. */
      q1: number;
      median: number;
      q3: number;
      /** own − median, both as published. */
      fromMedian: number;
      position: Position;
    }
  | { status: "suppressed"; reason: "too-few-peers" | "differencing" };

/** The peers that count, as the set to check and, once published, to record in the register. */
export function eligiblePeerSet(peers: readonly PeerScore[]): PeerSet {
  return peers.filter((p) => p.n >= MIN_RESPONSES).map((p) => p.org);
}

/** Scores are published to one decimal, as pages and reports show them. */
export function roundScore(value: number): number {
  return Math.round(value * 10) / 10;
}

/** The band of the published quartiles that holds `own`: q1 ≤ own < median, median < own ≤ q3. */
export function positionOf(own: number, q: { q1: number; median: number; q3: number }): Position {
  if (own === q.median) return "median";
  if (own < q.median) return own < q.q1 ? "below-q1" : "q1-median";
  return own > q.q3 ? "above-q3" : "median-q3";
}

/**
 * Benchmark of `own` against the peers (never including the organization itself: its
 * own responses must not move the figures it is shown, or it could difference them).
 * Suppressed when fewer than 5 peers count, or when publishing would let the
 * viewer isolate a group under 5 by differencing with the benchmarks in `published`
 * (peer-sets.ts). After publishing, record eligiblePeerSet(peers) in the register.
 */
export function benchmarkQuestion(own: number, peers: readonly PeerScore[], published: readonly PeerSet[]): Benchmark {
  const eligible = peers.filter((p) => p.n >= MIN_RESPONSES);
  if (eligible.length < MIN_GROUP) return { status: "suppressed", reason: "too-few-peers" };
  if (!admitPeerSet(published, eligiblePeerSet(eligible))) return { status: "suppressed", reason: "differencing" };
  const means = eligible.map((p) => p.mean);
  const quartiles = {
    q1: roundScore(quantile(means, 0.25)),
    median: roundScore(quantile(means, 0.5)),
    q3: roundScore(quantile(means, 0.75)),
  };
  // From here on, only the published figures: nothing below may read `means`.
  const mine = roundScore(own);
  return {
    status: "published",
    own: mine,
    peers: eligible.length,
    ...quartiles,
    fromMedian: roundScore(mine - quartiles.median),
    position: positionOf(mine, quartiles),
  };
}
