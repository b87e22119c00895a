#!/usr/bin/env bash
# The main job (`npm start`): deploy every example stack with live rollout tracking.
# With no cluster configured (no KUBECONFIG, no ~/.kube/config) it first builds the local
# Kubernetes binaries when they are not cached and starts the dev cluster "kapstan" (or reuses it).
set -euo pipefail
cd "$(dirname "$0")/.."
kapstan() { node bin/kapstan.js "$@"; }

[ -d node_modules ] || npm ci --no-audit --no-fund

if [ -z "${KUBECONFIG:-}" ] && [ ! -f "$HOME/.kube/config" ]; then
  echo "== no cluster configured: using the local dev cluster \"kapstan\""
  bash dev-cluster/build.sh
  if KUBECONFIG=$(kapstan dev-cluster kubeconfig --name kapstan 2>/dev/null); then
    echo "reusing it: export KUBECONFIG=$KUBECONFIG"
  else
    # Enough GPU nodes for the TrainingJob example (4 workers x 2 GPUs); `up` prints the export line.
    kapstan dev-cluster up --name kapstan --gpu-nodes 4 | tee /tmp/kapstan-dev-cluster-up.log
    KUBECONFIG=$(kapstan dev-cluster kubeconfig --name kapstan)
  fi
  export KUBECONFIG
fi

echo "== synth"
kapstan synth

# Every single-cluster stack (dist/<stack>/index.json) in one command: in the order of their
# dependencies (stack.addDependency), independent stacks in parallel, one summary. Federations
# (dist/<fed>/<cluster>/) name member contexts of their own: `kapstan apply --federation NAME`.
echo "== apply every stack"
if ! kapstan apply --all --dir dist --yes; then
  echo "some stacks did not reach Current (see above)" >&2
  exit 1
fi
echo "== every example stack is Current"
