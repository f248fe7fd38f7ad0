import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  isPublicAddress,
  refusedForAddress,
  type Resolve,
  ssoDispatcher,
  withSsoGuard,
} from "./sso-outbound.server.ts";

// A local listener stands for whatever sits on the private network; each
// test counts the connections it gets, so "refused" means not even a TCP
// connection was made.
let listener: Server;
let port: number;
let connections = 0;

beforeAll(async () => {
  listener = createServer((_req, res) => res.end("{}"));
  listener.on("connection", () => connections++);
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  port = (listener.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => listener.close(() => resolve())));
beforeEach(() => {
  connections = 0;
});

async function failureOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error("the request was not refused");
}

describe("addresses an identity provider may have", () => {
  it("are global unicast only, whatever the spelling", () => {
    for (const ip of [
      "10.0.0.1",
      "127.0.0.1",
      "172.20.1.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "0.0.0.0",
      "255.255.255.255",
      "224.0.0.1",
      "::1",
      "::",
      "fe80::1",
      "fd00::1",
      "::ffff:10.0.0.1",
      "::ffff:127.0.0.1",
      "::ffff:7f00:1",
      "[::ffff:7f00:1]",
      "64:ff9b::7f00:1",
      "2002:7f00:1::1",
      "not-an-address",
    ]) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
    for (const ip of ["8.8.8.8", "172.32.0.1", "2606:4700:4700::1111"]) expect(isPublicAddress(ip), ip).toBe(true);
  });
});

describe("requests made under the guard", () => {
  const guarded = (url: string, trusted: string[] = []) => withSsoGuard(trusted, () => fetch(url));

  it("never connect to an IPv4-mapped IPv6 loopback address", async () => {
    const error = await failureOf(guarded(`http://[::ffff:127.0.0.1]:${port}/`));
    expect(refusedForAddress(error)).toBe(true);
    expect(connections).toBe(0);
  });

  it("never connect to a name that resolves to a loopback address", async () => {
    const error = await failureOf(guarded(`http://localhost:${port}/`));
    expect(refusedForAddress(error)).toBe(true);
    expect(connections).toBe(0);
  });

  it("check the address the connection uses, from the lookup made for it", async () => {
    // A name whose answer is private when the connection is made (as after DNS rebinding).
    const rebound: Resolve = (_hostname, callback) => callback(null, [{ address: "127.0.0.1", family: 4 }]);
    const dispatcher = ssoDispatcher([], rebound);
    const error = await failureOf(fetch(`http://idp.example.test:${port}/`, { dispatcher } as RequestInit));
    expect(refusedForAddress(error)).toBe(true);
    expect(connections).toBe(0);
  });

  it("reach a trusted origin, and leave every other request of the process alone", async () => {
    const origin = `http://127.0.0.1:${port}`;
    expect((await guarded(`${origin}/`, [origin])).status).toBe(200);
    expect(refusedForAddress(await failureOf(guarded(`${origin}/`, [`http://127.0.0.1:${port + 1}`])))).toBe(true);
    expect((await fetch(`${origin}/`)).status).toBe(200);
  });
});
