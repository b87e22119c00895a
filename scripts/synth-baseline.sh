#!/usr/bin/env bash
# Synthesizes every pattern test app into a directory, to compare a refactoring of the patterns
# (or of the constructs under them) byte for byte with the manifests from before it:
#   scripts/synth-baseline.sh /tmp/before            # on the old code
#   scripts/synth-baseline.sh /tmp/after /tmp/before # on the new code: writes, then diffs
# The examples are compared by their golden files (test/unit/examples), which this also runs.
set -euo pipefail
out=${1:?usage: synth-baseline.sh <out-dir> [<baseline-dir to compare with>]}
rm -rf "$out" && mkdir -p "$out"
cd "$(dirname "$0")/.."
# A fixed seed: generated passwords are the same on every run. The replication test runs real
# PostgreSQL and synthesizes nothing new, so it is left out.
KAPSTAN_SECRET_SEED=synth-baseline KAPSTAN_SYNTH_BASELINE="$out" npx jest test/unit/constructs/patterns test/unit/examples \
  --selectProjects unit --testPathIgnorePatterns postgres-replication >"$out.log" 2>&1 \
  || { echo "tests failed (log: $out.log)"; tail -40 "$out.log"; }
echo "$(ls "$out" | wc -l) apps in $out"
if [ -n "${2:-}" ]; then diff -r "$2" "$out" && echo "identical to $2"; fi
