#!/bin/sh
echo "hello from $(id -un) in $(pwd)"
echo "args: $*"
echo "to stderr" >&2
