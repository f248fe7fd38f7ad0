// Requests our server makes to an identity provider (its OpenID configuration,
// then, during each sign-in, better-auth's token, key and user-info requests)
// may only reach public addresses, unless the operator trusts the origin
// (TRUSTED_ORIGINS). The check is on the address each connection actually
// goes to: the name is resolved once, the answer checked and used for the
// connection itself, and the connected socket's peer checked again, so a name
// that resolves to a private address, one that changes its answer between a
// check and the connection (DNS rebinding), and an address spelt as IPv6
// (`[::ffff:127.0.0.1]`) are all refused before a byte is sent.
import { AsyncLocalStorage } from "node:async_hooks";
import { type LookupAddress, lookup as dnsLookup } from "node:dns";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { Agent, buildConnector, type Dispatcher } from "undici";

/** An identity provider's request that would reach a non-public address. */
export class PrivateAddressError extends Error {
  readonly address: string;
  constructor(address: string) {
    super(`refused to connect to the non-public address ${address}`);
    this.name = "PrivateAddressError";
    this.address = address;
  }
}

/**
 * Only global unicast addresses are public: loopback, private, link-local,
 * unique-local, carrier-grade NAT, reserved and multicast ranges are not, nor
 * IPv4-mapped, NAT64 or 6to4 forms, which may hide any of those.
 */
export function isPublicAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(bare)) return false;
  return ipaddr.process(bare).range() === "unicast";
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** How names are resolved: the system's resolver, or a test's. */
export type Resolve = (hostname: string, callback: (error: Error | null, addresses: LookupAddress[]) => void) => void;
const systemResolve: Resolve = (hostname, callback) => dnsLookup(hostname, { all: true }, callback);

/** A lookup for net.connect that refuses the name if any of its addresses is not public. */
const publicLookup = (resolve: Resolve) => (hostname: string, options: { all?: boolean }, callback: LookupCallback) =>
  resolve(hostname, (error, addresses) => {
    if (error) return callback(error, []);
    const refused = addresses.find((a) => !isPublicAddress(a.address));
    if (refused || addresses.length === 0) return callback(new PrivateAddressError(refused?.address ?? hostname), []);
    if (options.all) return callback(null, addresses);
    const [first] = addresses as [LookupAddress];
    callback(null, first.address, first.family);
  });

const originOf = (o: buildConnector.Options) =>
  new URL(
    `${o.protocol}//${o.hostname.includes(":") && !o.hostname.startsWith("[") ? `[${o.hostname}]` : o.hostname}${o.port ? `:${o.port}` : ""}`,
  ).origin;

function guardedAgent(trustedOrigins: readonly string[], resolve: Resolve): Agent {
  const trusted = new Set(trustedOrigins);
  const open = buildConnector({ timeout: 5000 });
  const guarded = buildConnector({ timeout: 5000, lookup: publicLookup(resolve) as never });
  return new Agent({
    connect(options, callback) {
      if (trusted.has(originOf(options))) return open(options, callback);
      const host = options.hostname.replace(/^\[|\]$/g, "");
      if (isIP(host) && !isPublicAddress(host)) return callback(new PrivateAddressError(host), null);
      guarded(options, (...result) => {
        const [error, socket] = result;
        if (error) return callback(error, null);
        const peer = socket.remoteAddress;
        if (!peer || !isPublicAddress(peer)) {
          socket.destroy();
          return callback(new PrivateAddressError(peer ?? host), null);
        }
        callback(null, socket);
      });
    },
  });
}

const agents = new Map<string, Agent>();

/** The dispatcher for requests to identity providers, for this operator's trusted origins. */
export function ssoDispatcher(trustedOrigins: readonly string[], resolve: Resolve = systemResolve): Dispatcher {
  if (resolve !== systemResolve) return guardedAgent(trustedOrigins, resolve);
  const key = [...trustedOrigins].sort().join(" ");
  let agent = agents.get(key);
  if (!agent) {
    agent = guardedAgent(trustedOrigins, systemResolve);
    agents.set(key, agent);
  }
  return agent;
}

// better-auth's SSO plugin fetches with the global `fetch` and takes no fetch
// of its own. Inside `withSsoGuard`, and only there, the global fetch is given
// the guarded dispatcher; everywhere else it is left as it was.
const current = new AsyncLocalStorage<Dispatcher>();
let seamInstalled = false;

function installFetchSeam() {
  if (seamInstalled) return;
  seamInstalled = true;
  const original = globalThis.fetch;
  globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: RequestInit) => {
    const dispatcher = current.getStore();
    return dispatcher ? original(input, { ...init, dispatcher } as RequestInit) : original(input, init);
  }) as typeof fetch;
}

/** Runs `work` (a better-auth SSO call) with every fetch it makes going through the guarded dispatcher. */
export function withSsoGuard<T>(trustedOrigins: readonly string[], work: () => T): T {
  installFetchSeam();
  return current.run(ssoDispatcher(trustedOrigins), work);
}

/** Whether a failed fetch failed because it would have reached a non-public address. */
export const refusedForAddress = (error: unknown): boolean =>
  error instanceof PrivateAddressError ||
  (error instanceof Error && error.cause !== undefined && refusedForAddress(error.cause));
