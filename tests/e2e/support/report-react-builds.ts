import { registerHooks } from "node:module";

// Preloaded (`node --import`) into a server a test starts: says on stderr
// which of React's builds, development or production, the server loads.
registerHooks({
  load(url, context, nextLoad) {
    const build = /\/node_modules\/(?:react|react-dom)\/cjs\/([^/]+)\.(development|production)\.js$/.exec(url);
    if (build) process.stderr.write(`[react build] ${build[2]} ${build[1]}\n`);
    return nextLoad(url, context);
  },
});
