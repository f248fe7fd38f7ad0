/**
 * A tiny cookie-keeping HTTP client that follows redirects by hand, so a test
 * can walk a browser's path across several servers and see every hop.
 */
export class HttpClient {
  private cookies = new Map<string, Map<string, string>>();

  cookieHeader(url: string): string {
    const jar = this.cookies.get(new URL(url).host) ?? new Map();
    return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  keep(url: string, headers: Headers) {
    const host = new URL(url).host;
    const jar = this.cookies.get(host) ?? new Map<string, string>();
    for (const c of headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(";");
      const [name, ...rest] = (pair ?? "").split("=");
      if (attrs.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()))) jar.delete(name as string);
      else jar.set(name as string, rest.join("="));
    }
    this.cookies.set(host, jar);
  }

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    const response = await fetch(url, {
      method: init.method ?? (init.form ? "POST" : "GET"),
      redirect: "manual",
      headers: {
        cookie: this.cookieHeader(url),
        ...(init.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body: init.form ? new URLSearchParams(init.form) : undefined,
    });
    this.keep(url, response.headers);
    const location = response.headers.get("location");
    return { response, location: location ? new URL(location, url).toString() : null };
  }

  /** Follows redirects until a page or a URL that `stop` recognises. */
  async follow(url: string, stop: (url: string) => boolean = () => false) {
    let current = url;
    for (let hop = 0; hop < 15; hop++) {
      if (stop(current)) return { url: current, response: null };
      const { response, location } = await this.request(current);
      if (!location) return { url: current, response };
      current = location;
    }
    throw new Error("too many redirects");
  }
}
