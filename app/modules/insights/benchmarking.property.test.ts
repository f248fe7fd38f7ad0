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
import { getBenchmark } from "./benchmarking.server.ts";

const PEERS = 10;
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
      quantile(
        eligible.map((p) => (p.rating - 1) * 25),
        0.5,
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
