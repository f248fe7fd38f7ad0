// A small seeded pseudo-random generator for simulations and demo data:
// the same seed always gives the same sequence, on any machine. Not for
// anything secret (use node:crypto for that).

export interface Random {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal (mean 0, standard deviation 1). */
  normal(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** An index drawn with probability proportional to its weight. */
  weighted(weights: readonly number[]): number;
}

/** A 32-bit seed from a string (FNV-1a), to give each named stream its own seed. */
export function seedFrom(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** mulberry32 for uniforms, Box–Muller for normals. */
export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  let spare: number | null = null;

  const uniform = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const normal = () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u = 1 - uniform(); // in (0, 1], so the logarithm is finite
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };

  const weighted = (weights: readonly number[]) => {
    const total = weights.reduce((sum, w) => sum + w, 0);
    let target = uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      target -= weights[i] ?? 0;
      if (target < 0) return i;
    }
    return weights.length - 1;
  };

  return {
    uniform,
    normal,
    int: (n) => Math.floor(uniform() * n),
    chance: (p) => uniform() < p,
    weighted,
  };
}
