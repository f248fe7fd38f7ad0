import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { benchmarkQuestion, eligiblePeerSet, MIN_RESPONSES, type PeerScore, positionOf } from "./benchmark.ts";
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
  it("report type-7 quartiles to one decimal, and place the organization against them only", () => {
    const peers: PeerScore[] = [60, 70, 80, 90, 65, 75].map((mean, i) => ({ org: universe[i] ?? "", n: 10, mean }));
    peers.push({ org: "orgsmall", n: MIN_RESPONSES - 1, mean: 0 });
    const result = benchmarkQuestion(72.04, peers, []);
    // Quartiles of 60, 65, 70, 75, 80, 90: 66.25, 72.5, 78.75.
    expect(result).toEqual({
      status: "published",
      own: 72,
      peers: 6,
      q1: 66.3,
      median: 72.5,
      q3: 78.8,
      fromMedian: -0.5,
      position: "q1-median",
    });
  });

  it("say where the organization stands among the quartiles, bounds included towards the median", () => {
    const q = { q1: 60, median: 70, q3: 80 };
    expect([59.9, 60, 69.9, 70, 70.1, 80, 80.1].map((own) => positionOf(own, q))).toEqual([
      "below-q1",
      "q1-median",
      "q1-median",
      "median",
      "median-q3",
      "median-q3",
      "above-q3",
    ]);
    expect(positionOf(70, { q1: 70, median: 70, q3: 70 })).toBe("median");
    expect(positionOf(69.9, { q1: 70, median: 70, q3: 70 })).toBe("below-q1");
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

// What a viewer learns about its peers must be a function of the published
// aggregates alone — the number of peers and their quartiles to one decimal —
// whatever its own score. Twins are peer sets that publish the same aggregates
// but differ elsewhere: the values between the order statistics the quartiles
// are read from, and every value by less than the rounding. An adversary that
// sets its own mean to any value, in any order, must see the same thing
// beside either twin; otherwise some sequence of its own scores tells them
// apart, and so narrows some peer's value.
describe("what a viewer is shown", () => {
  const round1 = (v: number) => Math.round(v * 10) / 10;
  const publishedOf = (means: readonly number[]) => ({
    peers: means.length,
    q1: round1(quantile(means, 0.25)),
    median: round1(quantile(means, 0.5)),
    q3: round1(quantile(means, 0.75)),
  });
  /** Sorted positions the type-7 quartiles are read from (quantiles.ts). */
  const quartilePositions = (n: number) =>
    new Set([0.25, 0.5, 0.75].flatMap((p) => [Math.floor((n - 1) * p), Math.ceil((n - 1) * p)]));
  const score = fc.double({ min: 0, max: 100, noNaN: true });
  const twinInput = fc.record({
    means: fc.array(
      fc.oneof(
        score,
        fc.integer({ min: 0, max: 8 }).map((k) => k * 12.5),
      ),
      {
        minLength: MIN_GROUP,
        maxLength: 12,
      },
    ),
    moves: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
    jitter: fc.array(fc.oneof(fc.constant(0), fc.double({ min: -0.04, max: 0.04, noNaN: true })), {
      minLength: 12,
      maxLength: 12,
    }),
    order: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
  });
  type TwinInput = typeof twinInput extends fc.Arbitrary<infer T> ? T : never;
  /** Another peer set over the same organizations, sharing the twin's published aggregates when it can. */
  const twinOf = ({ means, moves, jitter, order }: TwinInput) => {
    const sorted = [...means].sort((a, b) => a - b);
    const fixed = quartilePositions(sorted.length);
    const moved = sorted.map((v, i) => {
      if (fixed.has(i)) return v;
      const lo = Math.max(...[...fixed].filter((j) => j < i).map((j) => sorted[j] ?? 0), 0);
      const hi = Math.min(...[...fixed].filter((j) => j > i).map((j) => sorted[j] ?? 100), 100);
      return lo + (moves[i] ?? 0) * (hi - lo);
    });
    const jittered = moved.map((v, i) => Math.min(100, Math.max(0, v + (jitter[i] ?? 0))));
    const a = sorted.map((mean, i) => ({ org: universe[i] ?? "", n: 10, mean }));
    const b = jittered.map((mean, i) => ({ org: universe[i] ?? "", n: 5 + ((order[i] ?? 0) % 30), mean }));
    const shuffled = [...b].sort(
      (x, y) => (order[universe.indexOf(x.org)] ?? 0) - (order[universe.indexOf(y.org)] ?? 0),
    );
    return { a, b: shuffled };
  };
  /** The adversary's own scores: anywhere, and right at or beside a peer's value. */
  const probes = fc.array(
    fc.oneof(score, fc.record({ at: fc.nat(11), d: fc.constantFrom(-0.05, -1e-9, 0, 1e-9, 0.05) })),
    { minLength: 1, maxLength: 30 },
  );

  it("depends on the peers only through the published median and quartiles", () => {
    fc.assert(
      fc.property(twinInput, probes, (input, asked) => {
        const { a, b } = twinOf(input);
        const published = publishedOf(a.map((p) => p.mean));
        fc.pre(JSON.stringify(publishedOf(b.map((p) => p.mean))) === JSON.stringify(published));
        const registerA: PeerSet[] = [];
        const registerB: PeerSet[] = [];
        for (const probe of asked) {
          const own =
            typeof probe === "number"
              ? probe
              : Math.min(100, Math.max(0, (a[probe.at % a.length]?.mean ?? 0) + probe.d));
          const seenA = benchmarkQuestion(own, a, registerA);
          const seenB = benchmarkQuestion(own, b, registerB);
          expect(seenB).toEqual(seenA);
          if (seenA.status === "published") registerA.push(eligiblePeerSet(a));
          if (seenB.status === "published") registerB.push(eligiblePeerSet(b));
        }
      }),
      { numRuns: 500 },
    );
  });
});
