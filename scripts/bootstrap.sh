#!/usr/bin/env bash
# Idempotent set-up of the Node side on a fresh machine: pnpm through corepack, the frozen
# lockfile, one build. Sourced by ./pgplay and scripts/test.sh; quiet and fast when done.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# corepack 0.34 cannot verify signatures against this registry and CI has no stdin to answer a prompt.
export COREPACK_INTEGRITY_KEYS=0 COREPACK_ENABLE_DOWNLOAD_PROMPT=0
want="$(node -p 'require("./package.json").packageManager.split("@")[1]')"
if [ "$(pnpm --version 2>/dev/null || true)" != "$want" ]; then
  corepack enable >/dev/null 2>&1 || true
  if [ "$(pnpm --version 2>/dev/null || true)" != "$want" ]; then
    npm install -g --silent "pnpm@$want" >/dev/null
  fi
fi
stamp=node_modules/.pgplay-lock-stamp
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$(sha256sum pnpm-lock.yaml | cut -d' ' -f1)" ]; then
  pnpm install --frozen-lockfile --reporter=silent
  sha256sum pnpm-lock.yaml | cut -d' ' -f1 > "$stamp"
fi
pnpm run --silent build
