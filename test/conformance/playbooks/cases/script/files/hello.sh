#!/bin/sh
echo "script args: $*"
echo "cwd: $(pwd)"
echo "to stderr" >&2
