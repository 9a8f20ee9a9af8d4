#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need, builds, runs every suite.
# Extra arguments go to mocha (e.g. --grep templating).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/bootstrap.sh
scripts/setup-venv.sh
scripts/setup-lab.sh
# The engine's network guard: loopback and the lab's range only (also set by .mocharc.json's require).
export PGPLAY_ALLOWED_NETS="${PGPLAY_ALLOWED_NETS:-10.99.0.0/16,127.0.0.0/8,::1/128}"
exec node_modules/.bin/mocha "$@"
