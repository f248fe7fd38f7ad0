import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { benchmarkQuestion, eligiblePeerSet, MIN_RESPONSES, type PeerScore } from "./benchmark.ts";
import { admitPeerSet, atoms, MIN_GROUP, type PeerSet } from "./peer-sets.ts";
import { quantile } from "./quantiles.ts";

// Organizations named by letters only, so a name can never hide inside a number.
const universe = Array.from(
  { length: 16 },
  (_, i) => `org${String.fromCharCode(97 + i)}${String.fromCharCode(122 - i)}`,
);
const peerScore = (org: string) =>
  fc.record({
    org: fc.constant(org),
    n: fc.integer({ min: 0, max: 40 }),
    mean: fc.double({ min: 0, max: 100, noNaN: true }),
  });
const peerGroup = fc.subarray(universe).chain((orgs) => fc.tuple(...orgs.map(peerScore)));
// Peer sets as filters make them: unions of blocks of 5 organizations, give or take a few.
const blocks = [0, 5, 10].map((start) => universe.slice(start, start + 5));
const filtered = fc
  .tuple(fc.subarray(blocks, { minLength: 1 }), fc.subarray(universe, { maxLength: 2 }))
  .map(([chosen, toggled]) => {
    const set = new Set(chosen.flat());
    for (const org of toggled) if (!set.delete(org)) set.add(org);
    return [...set];
  });
const candidates = fc.array(fc.oneof(filtered, fc.subarray(universe)), { minLength: 1, maxLength: 12 });

/** Publishes the candidates in turn, as a viewer's register would. */
const admitAll = (sets: readonly PeerSet[]) =>
  sets.reduce<PeerSet[]>((published, set) => (admitPeerSet(published, set) ? [...published, set] : published), []);

describe("benchmarks", () => {
  it("report type-7 quartiles and the percentile rank among peers that count", () => {
    const peers: PeerScore[] = [60, 70, 80, 90, 65, 75].map((mean, i) => ({ org: universe[i] ?? "", n: 10, mean }));
    peers.push({ org: "orgsmall", n: MIN_RESPONSES - 1, mean: 0 });
    const result = benchmarkQuestion(72, peers, []);
    expect(result).toEqual({
      status: "published",
      own: 72,
      peers: 6,
      q1: quantile([60, 65, 70, 75, 80, 90], 0.25),
      median: 72.5,
      q3: quantile([60, 65, 70, 75, 80, 90], 0.75),
      percentileRank: 50,
    });
  });

  it("are suppressed when fewer than 5 peers have 5 valid responses", () => {
    fc.assert(
      fc.property(peerGroup, fc.double({ min: 0, max: 100, noNaN: true }), (peers, own) => {
        const counted = peers.filter((p) => p.n >= MIN_RESPONSES).length;
        const result = benchmarkQuestion(own, peers, []);
        expect(result.status === "suppressed").toBe(counted < MIN_GROUP);
      }),
    );
  });

  it("never name a peer, and ignore peers with fewer than 5 responses entirely", () => {
    fc.assert(
      fc.property(peerGroup, fc.double({ min: 0, max: 100, noNaN: true }), (peers, own) => {
        const result = benchmarkQuestion(own, peers, []);
        const text = JSON.stringify(result);
        for (const org of universe) expect(text).not.toContain(org);
        const shuffledSmall = peers.map((p) => (p.n < MIN_RESPONSES ? { ...p, mean: 100 - p.mean } : p));
        expect(benchmarkQuestion(own, shuffledSmall, [])).toEqual(result);
        const withoutSmall = peers.filter((p) => p.n >= MIN_RESPONSES);
        expect(benchmarkQuestion(own, withoutSmall, [])).toEqual(result);
      }),
    );
  });
});

describe("the differencing guard", () => {
  it("leaves no group of 1–4 organizations between any two published peer sets", () => {
    fc.assert(
      fc.property(candidates, (sets) => {
        const published = admitAll(sets);
        for (const a of published)
          for (const b of published) {
            const onlyA = a.filter((org) => !b.includes(org)).length;
            expect(onlyA === 0 || onlyA >= MIN_GROUP).toBe(true);
          }
      }),
    );
  });

  it("leaves no group under 5 in any combination of published sets (every atom has 5 or more)", () => {
    const coefficients = fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 12, maxLength: 12 });
    fc.assert(
      fc.property(candidates, coefficients, (sets, k) => {
        const published = admitAll(sets);
        for (const atom of atoms(published)) expect(atom.length).toBeGreaterThanOrEqual(MIN_GROUP);
        // What Σ kᵢ·(statistic of set i) reveals is about the organizations where Σ kᵢ·[org ∈ set i] ≠ 0.
        const isolated = universe.filter(
          (org) => published.reduce((t, set, i) => t + (k[i] ?? 0) * (set.includes(org) ? 1 : 0), 0) !== 0,
        );
        expect(isolated.length === 0 || isolated.length >= MIN_GROUP).toBe(true);
      }),
    );
  });

  it("suppresses a benchmark whose peer set differs from a published one by fewer than 5", () => {
    fc.assert(
      fc.property(
        fc.subarray(universe, { minLength: 10 }),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0, max: 100, noNaN: true }),
        (orgs, dropped, own) => {
          const peers = orgs.map((org, i) => ({ org, n: 20, mean: (i * 37) % 100 }));
          const first = benchmarkQuestion(own, peers, []);
          expect(first.status).toBe("published");
          const register = [eligiblePeerSet(peers)];
          const second = benchmarkQuestion(own, peers.slice(dropped), register);
          expect(second).toEqual({ status: "suppressed", reason: "differencing" });
          expect(benchmarkQuestion(own, peers, register)).toEqual(first); // the same set again is harmless
          if (orgs.length - 5 >= 5) expect(benchmarkQuestion(own, peers.slice(5), register).status).toBe("published");
        },
      ),
    );
  });

  it("also closes the attack through several outputs that pairwise differ by 5 or more", () => {
    // S = 5 shared, X and Y 5 each, z alone: C − A − B + S would isolate z.
    const [s = [], x = [], y = []] = blocks;
    const z = universe[15] ?? "";
    const published = admitAll([[...s, ...x], [...s, ...y], s, [...s, ...x, ...y, z]]);
    expect(published).toHaveLength(3);
  });
});
