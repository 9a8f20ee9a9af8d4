#!/usr/bin/env bash
# Idempotent set-up of the Node side on a fresh machine: pnpm through corepack, the frozen
# lockfile, one build. Sourced by ./pgplay and scripts/test.sh; quiet and fast when done.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# corepack 0.34 cannot verify signatures against this registry and CI has no stdin to answer a prompt.
export COREPACK_INTEGRITY_KEYS=0 COREPACK_ENABLE_DOWNLOAD_PROMPT=0
stamp=node_modules/.pgplay-lock-stamp
built=node_modules/.pgplay-build-stamp
# Fast path (every ./pgplay run passes here): the lockfile is the installed one and no source is
# newer than the last build's start. Asking pnpm its version and letting tsc and the bundler find
# nothing to do cost 2.5 s a run; these two checks cost about 20 ms.
if [ -f "$stamp" ] && [ -f "$built" ] && [ -f packages/cli/bundle/main.js ] \
  && [ "$(cat "$stamp")" = "$(sha256sum pnpm-lock.yaml | cut -d' ' -f1)" ] \
  && [ -z "$(find packages test scripts tsconfig*.json package.json \( -name node_modules -o -name dist -o -name bundle -o -name cases -o -name "*.tsbuildinfo" \) -prune -o -type f -newer "$built" -print -quit)" ]; then
  exit 0
fi
want="$(node -p 'require("./package.json").packageManager.split("@")[1]')"
if [ "$(pnpm --version 2>/dev/null || true)" != "$want" ]; then
  corepack enable >/dev/null 2>&1 || true
  if [ "$(pnpm --version 2>/dev/null || true)" != "$want" ]; then
    npm install -g --silent "pnpm@$want" >/dev/null
  fi
fi
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$(sha256sum pnpm-lock.yaml | cut -d' ' -f1)" ]; then
  pnpm install --frozen-lockfile --reporter=silent
  sha256sum pnpm-lock.yaml | cut -d' ' -f1 > "$stamp"
fi
# The stamp takes the build's start time, so a file saved while the build ran is built next time.
touch "$built.new"
pnpm run --silent build
mv "$built.new" "$built"
