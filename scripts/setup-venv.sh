#!/usr/bin/env bash
# Makes .venv/ with the pinned test oracles (ansible-core 2.16 via ansible 9.x, jinja2, boto3,
# moto server) from requirements-oracle.txt. Re-installs only when that file changes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
stamp=.venv/.requirements-stamp
sum="$(sha256sum requirements-oracle.txt | cut -d' ' -f1)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then exit 0; fi
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements-oracle.txt
echo "$sum" > "$stamp"
