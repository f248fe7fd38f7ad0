import { brotliCompressSync, constants, gzipSync, zstdCompressSync } from "node:zlib";

// Server-rendered pages are compressed here, in one synchronous call over the
// finished document, instead of by the compression middleware: its per-request
// zlib stream (set up, fed through the thread pool, torn down) cost about
// 0.4 ms of CPU per page against 0.1 ms for the same bytes compressed at once,
// a tenth of a respondent page's whole cost under load (bench/ingest,
// decision 0027). Other responses (API, downloads) still go through the
// middleware, which leaves an already encoded body alone.
//
// Zstandard comes first where the browser takes it (Chrome, Edge and Firefox
// do): at level 3 it makes a respondent page as small as Brotli at quality 4
// (1755 against 1682 bytes for 26 KB) in a third of the time (70 against
// 200 µs), and the browser unpacks it as fast.

export type DocumentEncoding = "zstd" | "br" | "gzip";

/** Below this, compressing saves less than it costs (the middleware's own threshold). */
const THRESHOLD_BYTES = 1024;

/** The encoding to use for a client's Accept-Encoding: Zstandard, then Brotli, then gzip at equal preference. */
export function chooseEncoding(acceptEncoding: string | null): DocumentEncoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weight = q ? Number(q.slice(2)) : 1;
    if (name) weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (name: DocumentEncoding) => weights.get(name) ?? weights.get("*") ?? 0;
  const best = (["zstd", "br", "gzip"] as const).reduce<DocumentEncoding | null>(
    (chosen, name) => (weightOf(name) > (chosen ? weightOf(chosen) : 0) ? name : chosen),
    null,
  );
  return best;
}

/** The document compressed for the client, or as it is when the client takes no encoding we offer or it is small. */
export function encodeDocument(
  body: Buffer<ArrayBuffer>,
  acceptEncoding: string | null,
): { body: Buffer<ArrayBuffer>; encoding: DocumentEncoding | null } {
  const encoding = body.length < THRESHOLD_BYTES ? null : chooseEncoding(acceptEncoding);
  if (encoding === "zstd") {
    const params = { [constants.ZSTD_c_compressionLevel]: 3 };
    return { body: zstdCompressSync(body, { params }) as Buffer<ArrayBuffer>, encoding };
  }
  if (encoding === "br") {
    const params = {
      // Quality 4 is the middleware's own choice: most of Brotli's gain at a fraction of its top cost.
      [constants.BROTLI_PARAM_QUALITY]: 4,
      [constants.BROTLI_PARAM_LGWIN]: 18,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    };
    return { body: brotliCompressSync(body, { params }) as Buffer<ArrayBuffer>, encoding };
  }
  if (encoding === "gzip") return { body: gzipSync(body) as Buffer<ArrayBuffer>, encoding };
  return { body, encoding: null };
}
