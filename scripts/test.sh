#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need, builds, runs every suite.
# Extra arguments go to mocha (e.g. --grep templating).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# The oracle venv (pip) and the lab's packages (apt) download and unpack while the build
# compiles: on a fresh 2-core CI machine each takes minutes of the 30 the run allows itself.
scripts/setup-venv.sh & venv=$!
scripts/setup-lab.sh & lab=$!
scripts/bootstrap.sh
wait "$venv"
wait "$lab"
# The engine's network guard: loopback and the lab's range only (also set by the require in .mocharc.cjs).
export PGPLAY_ALLOWED_NETS="${PGPLAY_ALLOWED_NETS:-10.99.0.0/16,127.0.0.0/8,::1/128}"
exec node_modules/.bin/mocha "$@"
