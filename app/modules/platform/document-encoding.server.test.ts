import { brotliDecompressSync, gunzipSync, zstdDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { chooseEncoding, encodeDocument } from "./document-encoding.server.ts";

describe("document encoding", () => {
  it("prefers Zstandard, then Brotli, then gzip, as the client weighs them", () => {
    expect(chooseEncoding("gzip, deflate, br, zstd")).toBe("zstd");
    expect(chooseEncoding("gzip, deflate, br")).toBe("br");
    expect(chooseEncoding("zstd;q=0.5, br")).toBe("br");
    expect(chooseEncoding("gzip, deflate")).toBe("gzip");
    expect(chooseEncoding("br;q=0.5, gzip;q=0.8")).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip")).toBe("gzip");
    expect(chooseEncoding("*")).toBe("zstd");
    expect(chooseEncoding("*;q=0.3, zstd;q=0, br;q=0")).toBe("gzip");
    expect(chooseEncoding("identity")).toBeNull();
    expect(chooseEncoding("gzip;q=0, br;q=0")).toBeNull();
    expect(chooseEncoding("gzip;q=banana")).toBeNull();
    expect(chooseEncoding(null)).toBeNull();
  });

  it("compresses a page losslessly and leaves small ones alone", () => {
    const page = Buffer.from(`<!doctype html><main>${"<p>Très satisfait · Very satisfied</p>".repeat(200)}</main>`);
    const zstd = encodeDocument(page, "gzip, deflate, br, zstd");
    expect(zstd.encoding).toBe("zstd");
    expect(zstd.body.length).toBeLessThan(page.length / 10);
    expect(zstdDecompressSync(zstd.body).equals(page)).toBe(true);
    const br = encodeDocument(page, "gzip, br");
    expect(br.encoding).toBe("br");
    expect(br.body.length).toBeLessThan(page.length / 10);
    expect(brotliDecompressSync(br.body).equals(page)).toBe(true);
    const gz = encodeDocument(page, "gzip");
    expect(gz.encoding).toBe("gzip");
    expect(gunzipSync(gz.body).equals(page)).toBe(true);
    expect(encodeDocument(page, "identity")).toEqual({ body: page, encoding: null });
    const small = Buffer.from("<p>Merci</p>");
    expect(encodeDocument(small, "zstd, br")).toEqual({ body: small, encoding: null });
  });
});
