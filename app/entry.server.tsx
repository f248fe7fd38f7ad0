import { Writable } from "node:stream";
import { renderToPipeableStream } from "react-dom/server";
import type { EntryContext, RouterContextProvider } from "react-router";
import { isRouteErrorResponse, ServerRouter } from "react-router";
import { requestInfoContext } from "./context.ts";
import { encodeDocument } from "./modules/platform/document-encoding.server.ts";

// Re-exported so the Node server can put values under the very same context
// keys the bundled routes read.
export { requestInfoContext, servicesContext } from "./context.ts";

export const streamTimeout = 5_000;

/**
 * Unexpected errors in loaders and actions: logged by name and code only. A
 * database error's message carries its query parameters (ids, addresses),
 * which must not reach the logs.
 */
export function handleError(error: unknown, { request }: { request: Request }) {
  // A method a route does not take (405) or an address none has (404) is the
  // client's mistake, answered as such: not an error of ours to log.
  if (request.signal.aborted || (isRouteErrorResponse(error) && error.status < 500)) return;
  const name = error instanceof Error ? error.name : "unknown error";
  const code =
    (error as { code?: string; cause?: { code?: string } })?.code ??
    (error as { cause?: { code?: string } })?.cause?.code;
  console.error(
    `request failed: ${request.method} ${new URL(request.url).pathname.slice(0, 200)}: ${name}${code ? ` (${code})` : ""}`,
  );
}

/**
 * Renders the whole document, then answers it in one piece. No route streams
 * (nothing suspends), so waiting for all of it costs no time; and
 * @react-router/node flushes the compression stream after every chunk it is
 * given, so React's 4 KB chunks each cost a compression flush and a socket
 * write, which made up a quarter of the server's time under load (bench/ingest).
 * The whole document is then compressed in one call (see document-encoding).
 */
export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: RouterContextProvider,
) {
  const { nonce } = loadContext.get(requestInfoContext);
  return new Promise<Response>((resolve, reject) => {
    let rendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <ServerRouter context={routerContext} url={request.url} nonce={nonce} />,
      {
        nonce,
        onAllReady() {
          rendered = true;
          const chunks: Uint8Array[] = [];
          const html = new Writable({
            write(chunk: Uint8Array, _encoding, done) {
              chunks.push(chunk);
              done();
            },
            final(done) {
              responseHeaders.set("Content-Type", "text/html; charset=utf-8");
              responseHeaders.append("Vary", "Accept-Encoding");
              const { body, encoding } = encodeDocument(Buffer.concat(chunks), request.headers.get("accept-encoding"));
              if (encoding) responseHeaders.set("Content-Encoding", encoding);
              resolve(new Response(body, { headers: responseHeaders, status: responseStatusCode }));
              done();
            },
          });
          pipe(html);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (rendered) console.error(error);
        },
      },
    );
    setTimeout(abort, streamTimeout + 1000);
  });
}
