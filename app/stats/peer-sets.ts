// The differencing guard of benchmarking. An organization that sees two
// benchmarks over peer sets A and B can subtract them: counts, sums and
// "how many peers score below me" of A minus those of B describe the
// organizations in A but not in B (and vice versa). With more outputs it can
// combine them: any integer combination of the sets' indicator functions.
//
// Rule: group the organizations by which published sets contain them (the
// "atoms" of the family). Any combination of indicators is constant on each
// atom, so whatever differencing isolates is a union of whole atoms. If every
// atom has at least 5 organizations, no group under 5 can be isolated — from
// two outputs or from any number. A new peer set is published only if the
// family, with it, still has no atom under 5.
//
// The caller keeps the register: the peer sets already shown to the viewing
// organization for the same question (a viewer sees only its own results).

/** A group under this many organizations must never be recoverable. */
export const MIN_GROUP = 5;

/** Organization identifiers of a peer set. They go into the guard and never out of a benchmark. */
export type PeerSet = readonly string[];

/** Organizations grouped by the sets that contain them (organizations in no set are left out). */
export function atoms(family: readonly PeerSet[]): string[][] {
  const signatures = new Map<string, string[]>();
  const members = new Set(family.flat());
  const sets = family.map((set) => new Set(set));
  for (const org of members) {
    const signature = sets.map((set) => (set.has(org) ? "1" : "0")).join("");
    signatures.set(signature, [...(signatures.get(signature) ?? []), org]);
  }
  return [...signatures.values()];
}

/** True when no combination of the family's sets can isolate fewer than 5 organizations. */
export function isSafeFamily(family: readonly PeerSet[]): boolean {
  return atoms(family).every((atom) => atom.length >= MIN_GROUP);
}

/** May `candidate` be shown to a viewer who has already been shown the `published` sets? */
export function admitPeerSet(published: readonly PeerSet[], candidate: PeerSet): boolean {
  return isSafeFamily([...published, candidate]);
}
