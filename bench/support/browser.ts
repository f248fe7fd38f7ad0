import http from "node:http";
import zlib from "node:zlib";
import type { Latencies } from "./latencies.ts";

// A browser with JavaScript off, reduced to what matters for load: a cookie
// jar, compressed HTML over keep-alive connections, the headers a browser
// sends with a form post, and — when told to — retrying a failed request the
// way a person does: press reload, which sends the very same request again.

export interface Exchange {
  status: number;
  location: string | null;
  url: string;
  body: string;
}

const USER_AGENT =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

export interface BrowserOptions {
  baseUrl: string;
  agent: http.Agent;
  latencies: Latencies;
  /** Resend failed requests (network errors, 5xx) until this many ms have passed; 0 = fail at once. */
  retryForMs: number;
}

export class NoScriptBrowser {
  private readonly cookies = new Map<string, string>();
  private readonly options: BrowserOptions;
  private readonly origin: string;

  constructor(options: BrowserOptions) {
    this.options = options;
    this.origin = new URL(options.baseUrl).origin;
  }

  get(kind: string, path: string): Promise<Exchange> {
    return this.send(kind, "GET", path);
  }

  post(kind: string, path: string, fields: [string, string][]): Promise<Exchange> {
    return this.send(kind, "POST", path, new URLSearchParams(fields).toString());
  }

  /** Follows redirects as a browser does after a form post (303/302 → GET). */
  async follow(first: Exchange, kind: string): Promise<Exchange> {
    let current = first;
    for (let hops = 0; current.location; hops++) {
      if (hops > 5) throw new Error(`too many redirects from ${first.url}`);
      current = await this.get(kind, current.location);
    }
    return current;
  }

  private async send(kind: string, method: string, path: string, body?: string): Promise<Exchange> {
    const giveUpAt = Date.now() + this.options.retryForMs;
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        const exchange = await this.once(method, path, body);
        if (exchange.status >= 500) throw new Error(`status ${exchange.status}`);
        const redirect = method === "GET" && exchange.location ? "GET redirect" : kind;
        this.options.latencies.record(redirect, performance.now() - started);
        return exchange;
      } catch (error) {
        this.options.latencies.fail(kind, error);
        if (Date.now() >= giveUpAt) throw error;
        // A person notices the error page and presses reload, waiting longer each time it fails again.
        const pause = Math.min(4000, 250 * 2 ** (attempt - 1)) * (0.5 + Math.random());
        await new Promise((r) => setTimeout(r, pause));
      }
    }
  }

  private once(method: string, path: string, body?: string): Promise<Exchange> {
    const url = new URL(path, this.options.baseUrl);
    const headers: http.OutgoingHttpHeaders = {
      "user-agent": USER_AGENT,
      accept: "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
      "accept-language": "en-CA,en;q=0.9,fr-CA;q=0.8",
      // What Chromium sends.
      "accept-encoding": "gzip, deflate, br, zstd",
      "sec-fetch-site": "same-origin",
    };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (body !== undefined) {
      headers.origin = this.origin;
      headers["content-type"] = "application/x-www-form-urlencoded";
      headers["content-length"] = Buffer.byteLength(body);
    }
    return new Promise((resolve, reject) => {
      const request = http.request(url, { method, headers, agent: this.options.agent, timeout: 60_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          try {
            this.keepCookies(res.headers["set-cookie"]);
            resolve({
              status: res.statusCode ?? 0,
              location: res.headers.location ?? null,
              url: url.pathname + url.search,
              body: decompress(Buffer.concat(chunks), res.headers["content-encoding"]),
            });
          } catch (error) {
            reject(error as Error);
          }
        });
      });
      request.on("timeout", () => request.destroy(new Error("timeout")));
      request.on("error", reject);
      request.end(body);
    });
  }

  private keepCookies(lines: string[] | undefined) {
    for (const line of lines ?? []) {
      const pair = line.split(";")[0] ?? "";
      const eq = pair.indexOf("=");
      if (eq > 0) this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }
}

function decompress(bytes: Buffer, encoding: string | undefined): string {
  if (encoding === "zstd") return zlib.zstdDecompressSync(bytes).toString("utf8");
  if (encoding === "br") return zlib.brotliDecompressSync(bytes).toString("utf8");
  if (encoding === "gzip") return zlib.gunzipSync(bytes).toString("utf8");
  if (encoding === "deflate") return zlib.inflateSync(bytes).toString("utf8");
  return bytes.toString("utf8");
}
