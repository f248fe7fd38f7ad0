// Whatever happens between two looks — peers joining, leaving, collecting
// responses, changing channels — the benchmarks one organization is shown
// never let it isolate fewer than five organizations. The test keeps its own
// model of who should be a peer at each step and checks every output against
// it: a published benchmark counts exactly the model's peers, and the family
// of peer sets shown so far has no atom under five (app/stats/peer-sets.ts:
// any combination of outputs is constant on atoms, so nothing smaller than an
// atom can be recovered).
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { survey } from "#app/modules/measure/schema.ts";
import { quantile } from "#app/stats/quantiles.ts";
import { isSafeFamily, MIN_GROUP } from "#app/stats/peer-sets.ts";
import {
  addPeerOrg,
  addRatings,
  ratingsAround,
  removeOrgs,
  setParticipation,
  type TestOrg,
} from "#tests/support/benchmark-peers.ts";
import { createTestServices } from "#tests/support/test-db.ts";
import { getBenchmark, type SurveyBenchmark } from "./benchmarking.server.ts";

const PEERS = 10;
/** Published figures are to one decimal. */
const round1 = (v: number) => Math.round(v * 10) / 10;
const SHARED = ["in_person"];
const ELSEWHERE = ["mail"];

type Step =
  { kind: "toggle"; peer: number } | { kind: "respond"; peer: number; k: number } | { kind: "channel"; peer: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant("toggle" as const), peer: fc.nat(PEERS - 1) }),
  fc.record({ kind: fc.constant("respond" as const), peer: fc.nat(PEERS - 1), k: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant("channel" as const), peer: fc.nat(PEERS - 1) }),
);

interface PeerState {
  org: TestOrg;
  optedIn: boolean;
  n: number;
  shared: boolean;
  /** Every response of peer i rates 1 + (i mod 5): its mean score is known. */
  rating: number;
}

let s: Awaited<ReturnType<typeof createTestServices>>;
beforeAll(async () => {
  s = await createTestServices();
});

describe("benchmarks seen by one organization over time", () => {
  it("never let it isolate a group of fewer than five organizations", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: PEERS, maxLength: PEERS }),
        fc.array(fc.boolean(), { minLength: PEERS, maxLength: PEERS }),
        fc.array(step, { minLength: 1, maxLength: 8 }),
        async (counts, optIns, steps) => {
          const viewer = await addPeerOrg(s.db, {
            order: "municipal",
            serviceType: "taxes_fees",
            ratings: ratingsAround(3.2, 12),
          });
          const peers: PeerState[] = [];
          for (const [i, n] of counts.entries()) {
            const rating = 1 + (i % 5);
            const org = await addPeerOrg(s.db, {
              order: "municipal",
              serviceType: "taxes_fees",
              optIn: optIns[i],
              ratings: Array.from({ length: n }, () => rating),
            });
            peers.push({ org, optedIn: optIns[i] ?? false, n, shared: true, rating });
          }
          const shown: string[][] = [];
          try {
            await look(viewer, peers, shown);
            for (const st of steps) {
              await apply(st, peers);
              await look(viewer, peers, shown);
            }
          } finally {
            await removeOrgs(s.db, [viewer.orgId, ...peers.map((p) => p.org.orgId)]);
          }
        },
      ),
      { numRuns: 30 },
    );
  }, 300_000);
});

async function apply(st: Step, peers: PeerState[]) {
  const p = peers[st.peer] as PeerState;
  if (st.kind === "toggle") {
    p.optedIn = !p.optedIn;
    await setParticipation(s.db, p.org.orgId, p.optedIn);
  } else if (st.kind === "respond") {
    p.n += st.k;
    await addRatings(
      s.db,
      p.org,
      Array.from({ length: st.k }, () => p.rating),
    );
  } else {
    p.shared = !p.shared;
    await s.db
      .update(survey)
      .set({ channels: p.shared ? SHARED : ELSEWHERE })
      .where(eq(survey.id, p.org.surveyId));
  }
}

/** One look at the benchmark, checked against the model; the sets it published are added to `shown`. */
async function look(viewer: TestOrg, peers: PeerState[], shown: string[][]) {
  const eligible = peers.filter((p) => p.optedIn && p.shared && p.n >= 5);
  const expectedSet = eligible.map((p) => p.org.orgId);
  const result = await getBenchmark(viewer.ctx, viewer.surveyId);
  if (result.status !== "ready") throw new Error(`benchmark is ${result.status}`);
  const item = result.items.find((i) => i.code === "CORE-OS-01");
  const b = item?.result;
  if (!b || b.status === "no-responses") throw new Error("no overall benchmark");
  if (b.status === "published") {
    expect(b.peers).toBe(eligible.length);
    expect(b.median).toBeCloseTo(
      round1(
        quantile(
          eligible.map((p) => (p.rating - 1) * 25),
          0.5,
        ),
      ),
      9,
    );
    shown.push(expectedSet);
  } else if (b.reason === "too-few-peers") {
    expect(eligible.length).toBeLessThan(MIN_GROUP);
  } else {
    // Suppressed for differencing only when showing it would indeed have been unsafe.
    expect(eligible.length).toBeGreaterThanOrEqual(MIN_GROUP);
    expect(isSafeFamily([...shown, expectedSet])).toBe(false);
  }
  expect(isSafeFamily(shown)).toBe(true);
  // Questions the peers did not answer are never shown.
  expect(result.items.filter((i) => i.code !== "CORE-OS-01").every((i) => i.result.status !== "published")).toBe(true);
}

// The rank probe of the audit: an organization adds one response at a time to
// its own survey and reads its benchmark after each. Two worlds whose peers
// publish the same aggregates — the lowest peer and the highest moved to the
// ends of the scale, which no quartile of 5 to 8 peers reads — must show it
// the same thing at every step; and its own responses never move the
// aggregates, which are its peers' alone.
describe("an organization probing with its own responses", () => {
  const rating = fc.integer({ min: 1, max: 5 });
  const peerRatings = fc.array(fc.array(rating, { minLength: 5, maxLength: 8 }), { minLength: 5, maxLength: 8 });
  const probe = fc.array(fc.oneof(rating, fc.constant("na" as const)), { minLength: 1, maxLength: 12 });
  const meanOf = (ratings: readonly number[]) => ratings.reduce((t, r) => t + (r - 1) * 25, 0) / ratings.length;

  /** The same peers with the lowest mean made 0 and the highest 100: the same quartiles. */
  const twin = (peers: number[][]) => {
    const means = peers.map(meanOf);
    const low = means.indexOf(Math.min(...means));
    const high = means.lastIndexOf(Math.max(...means));
    return peers.map((r, i) => (i === low ? r.map(() => 1) : i === high ? r.map(() => 5) : r));
  };

  async function world(serviceType: "recreation_culture" | "registration", peers: number[][]) {
    const viewer = await addPeerOrg(s.db, { order: "municipal", serviceType, ratings: [] });
    const orgs = [viewer.orgId];
    for (const ratings of peers)
      orgs.push((await addPeerOrg(s.db, { order: "municipal", serviceType, ratings })).orgId);
    return { viewer, orgs };
  }

  it("learns nothing about any peer beyond the published median and quartiles", async () => {
    await fc.assert(
      fc.asyncProperty(peerRatings, probe, async (peers, own) => {
        const a = await world("recreation_culture", peers);
        const b = await world("registration", twin(peers));
        const means = peers.map(meanOf);
        try {
          for (const r of own) {
            await addRatings(s.db, a.viewer, [r]);
            await addRatings(s.db, b.viewer, [r]);
            const seenA = await getBenchmark(a.viewer.ctx, a.viewer.surveyId);
            const seenB = await getBenchmark(b.viewer.ctx, b.viewer.surveyId);
            expect(strip(seenB)).toEqual(strip(seenA));
            const overall = seenA.status === "ready" ? seenA.items.find((i) => i.code === "CORE-OS-01") : undefined;
            if (overall?.result.status === "published") {
              expect(overall.result.peers).toBe(peers.length);
              expect(overall.result.median).toBeCloseTo(round1(quantile(means, 0.5)), 9);
              expect(overall.result.q1).toBeCloseTo(round1(quantile(means, 0.25)), 9);
              expect(overall.result.q3).toBeCloseTo(round1(quantile(means, 0.75)), 9);
            }
          }
        } finally {
          await removeOrgs(s.db, [...a.orgs, ...b.orgs]);
        }
      }),
      { numRuns: 15 },
    );
  }, 300_000);
});

/** A benchmark as the viewer sees it, less the service type that tells the two worlds apart. */
function strip(b: SurveyBenchmark) {
  return b.status === "ready" ? b.items : b;
}
