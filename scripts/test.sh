#!/usr/bin/env bash
# The one test command (README, .ci/run): installs what the tests need, builds, runs every suite.
# Extra arguments go to mocha (e.g. --grep templating).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
scripts/bootstrap.sh
scripts/setup-venv.sh
scripts/setup-lab.sh
exec node_modules/.bin/mocha "$@"
