import { readFileSync } from "node:fs";
import { registerHooks } from "node:module";
import { fileURLToPath } from "node:url";

// Preloaded (`node --import`) into a server a test starts: says on stderr
// which of React's builds, development or production, the server runs. The
// line is added to the build's own code, so it is written when the build
// runs, not when Node only reads it to list its exports (it reads both).
registerHooks({
  load(url, context, nextLoad) {
    const result = nextLoad(url, context);
    const build = /\/node_modules\/(?:react|react-dom)\/cjs\/([^/]+)\.(development|production)\.js$/.exec(url);
    if (!build) return result;
    const source = result.source ?? readFileSync(fileURLToPath(url));
    const line = JSON.stringify(`[react build] ${build[2]} ${build[1]}\n`);
    return { ...result, source: `${source.toString()}\n;process.stderr.write(${line});\n` };
  },
});
