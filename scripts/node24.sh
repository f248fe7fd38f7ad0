#!/bin/sh
# Runs a command with Node 24 first on PATH. Machines ship an older Node at
# /usr/bin/node; when the node on PATH is older than 24 we install Node 24 into
# .tools/node (a prefix of our own, so it never collides with the system's) and
# use that. Usage: sh scripts/node24.sh <command> [args...]
set -e
root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
tools="$root/.tools/node"
major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ -x "$tools/bin/node" ] && [ "$(major "$tools/bin/node")" = 24 ]; then
  PATH="$tools/bin:$PATH"
elif [ "$(major node)" != 24 ]; then
  echo "outside-in: Node $(node -v 2>/dev/null || echo none) found; installing Node 24 into .tools/node" >&2
  npm i -g --prefix "$tools" node@24 --no-fund --no-audit --loglevel=error >&2
  PATH="$tools/bin:$PATH"
fi
PATH="$root/node_modules/.bin:$PATH"
export PATH
exec "$@"
