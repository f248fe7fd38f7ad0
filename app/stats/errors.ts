// What a caller can get wrong about the data (too few cases, mismatched
// lengths, a margin that does not fit): a message for the analyst, thrown so
// that no half-computed statistic is ever returned.
export class StatsInputError extends Error {
  override readonly name = "StatsInputError";
}
