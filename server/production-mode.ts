// The production server runs in production mode: React, React Router and
// Express choose their production builds (no development checks, smaller
// and faster) from process.env.NODE_ENV as they load, and nothing else set
// it (issue 14, item 15). Imported first by server/main.ts; `npm start`
// (scripts/start.ts) sets it too, before the build. An explicit
// "development" or "test" is kept, and any other value is left for the
// settings to refuse by name.
if (!process.env.NODE_ENV) process.env.NODE_ENV = "production";
