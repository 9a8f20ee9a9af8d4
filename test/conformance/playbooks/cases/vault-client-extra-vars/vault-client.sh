#!/bin/sh
# A vault client script: asked --vault-id LABEL, prints that label's password, exits 2 for an unknown label.
[ "$1" = --vault-id ] || exit 3
case "$2" in
  ops) echo "ops-client-password" ;;
  *) echo "unknown vault id $2" >&2; exit 2 ;;
esac
