#!/usr/bin/env bash
# Prints the measured core clock in MHz (see clock.c). Needs gcc.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${TMPDIR:-/tmp}/xdpj-clock"
gcc -O1 -o "$out" "$here/clock.c"
"$out"
