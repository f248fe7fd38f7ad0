// Benchmarks: an organization's mean score on a core question against its
// peers'. Only aggregates leave this function — the number of peers, their
// quartiles and the organization's percentile rank — never an identifier.
import { admitPeerSet, MIN_GROUP, type PeerSet } from "./peer-sets.ts";
import { percentileRank, quantile } from "./quantiles.ts";

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

export type Benchmark =
  | {
      status: "published";
      /** The organization's own mean. */
      own: number;
      /** Peers that count (at least 5 valid responses; the organization itself excluded). */
      peers: number;
      /** Quartiles of the peers' means, R's type 7 (quantiles.ts). */
      q1: number;
      median: number;
      q3: number;
      /** Percentage of peers below the organization, ties counting half. */
      percentileRank: number;
    }
  | { status: "suppressed"; reason: "too-few-peers" | "differencing" };

/** The peers that count, as the set to check and, once published, to record in the register. */
export function eligiblePeerSet(peers: readonly PeerScore[]): PeerSet {
  return peers.filter((p) => p.n >= MIN_RESPONSES).map((p) => p.org);
}

/**
 * Benchmark of `own` against the peers (not including the organization itself).
 * Suppressed when fewer than 5 peers count, or when publishing would let the
 * viewer isolate a group under 5 by differencing with the benchmarks in `published`
 * (peer-sets.ts). After publishing, record eligiblePeerSet(peers) in the register.
 */
export function benchmarkQuestion(own: number, peers: readonly PeerScore[], published: readonly PeerSet[]): Benchmark {
  const eligible = peers.filter((p) => p.n >= MIN_RESPONSES);
  if (eligible.length < MIN_GROUP) return { status: "suppressed", reason: "too-few-peers" };
  if (!admitPeerSet(published, eligiblePeerSet(eligible))) return { status: "suppressed", reason: "differencing" };
  const means = eligible.map((p) => p.mean);
  return {
    status: "published",
    own,
    peers: eligible.length,
    q1: quantile(means, 0.25),
    median: quantile(means, 0.5),
    q3: quantile(means, 0.75),
    percentileRank: percentileRank(means, own),
  };
}
