#!/usr/bin/env bash
# Builds the dev cluster's binaries from the Go module proxy into a cache outside the repo, and
# skips binaries already there. Each binary is keyed by a hash of its own toolchain module (go.mod,
# go.sum, Go sources) and the build flags, so adding or changing one module rebuilds only its
# binaries, never the whole Kubernetes set.
#   dev-cluster/build.sh              build what is missing or stale, then print the bin dir
#   dev-cluster/build.sh --print-dir  only print the bin dir (no Go needed)
#   dev-cluster/build.sh --print-karmada-dir  only print the dir of Karmada's CRDs and deploy manifests
#   dev-cluster/build.sh --check      exit 0 when every binary is cached and current, 1 otherwise
#   dev-cluster/build.sh --stale      print the names of binaries missing or stale, one a line
# KAPSTAN_CACHE overrides the cache root (default ~/.cache/kapstan).
set -euo pipefail
# Never fetch another Go toolchain: use the installed one or fail saying which version is needed.
export GOTOOLCHAIN=local

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tc="$here/toolchain"
ldflags='-s -w'
k8s_version="$(awk '/^require k8s.io\/kubernetes/ {print $3}' "$tc/kubernetes/go.mod")"
out="${KAPSTAN_CACHE:-$HOME/.cache/kapstan}/k8s-$k8s_version"
bin="$out/bin"

# name|module dir|package|extra ldflags (version stamps; upstream's release builds set the same)
helm_v="$(awk '/^require helm.sh\/helm\/v4/ {print $3}' "$tc/helm/go.mod")"
karmada_v="$(awk '/^require github.com\/karmada-io\/karmada/ {print $3}' "$tc/karmada/go.mod")"
karmada_stamp="-X github.com/karmada-io/karmada/pkg/version.gitVersion=$karmada_v -X github.com/karmada-io/karmada/pkg/version.gitTreeState=clean"
targets=(
  "etcd|etcd|go.etcd.io/etcd/server/v3"
  "kube-apiserver|kubernetes|k8s.io/kubernetes/cmd/kube-apiserver"
  "kube-controller-manager|kubernetes|k8s.io/kubernetes/cmd/kube-controller-manager"
  "kube-scheduler|kubernetes|k8s.io/kubernetes/cmd/kube-scheduler"
  "kwok|kwok|sigs.k8s.io/kwok/cmd/kwok"
  "kapstan-netguard|netguard|."
  "kapstan-provisioner|provisioner|."
  "kapstan-oci-registry|oci-registry|."
  "kubectl|kubernetes|k8s.io/kubernetes/cmd/kubectl"
  "helm|helm|helm.sh/helm/v4/cmd/helm|-X helm.sh/helm/v4/internal/version.version=$helm_v -X helm.sh/helm/v4/internal/version.gitTreeState=clean"
  "karmada-aggregated-apiserver|karmada|github.com/karmada-io/karmada/cmd/aggregated-apiserver|$karmada_stamp"
  "karmada-controller-manager|karmada|github.com/karmada-io/karmada/cmd/controller-manager|$karmada_stamp"
  "karmada-scheduler|karmada|github.com/karmada-io/karmada/cmd/scheduler|$karmada_stamp"
  "karmada-webhook|karmada|github.com/karmada-io/karmada/cmd/webhook|$karmada_stamp"
)

# The key of one module directory: its pinned files and sources, and the build flags.
module_key() {
  (cd "$tc/$1" && find . -type f \( -name go.mod -o -name go.sum -o -name '*.go' \) | LC_ALL=C sort | xargs sha256sum; echo "$ldflags trimpath") | sha256sum | cut -c1-16
}
declare -A keys=() target_keys=()
stale=()
for t in "${targets[@]}"; do
  IFS='|' read -r name dir _ stamp <<<"$t"
  [ -n "${keys[$dir]:-}" ] || keys[$dir]="$(module_key "$dir")"
  target_keys[$name]="${keys[$dir]}"
  # A version stamp is part of the key only where there is one, so older cached binaries stay valid.
  [ -z "$stamp" ] || target_keys[$name]="$(echo "${keys[$dir]} $stamp" | sha256sum | cut -c1-16)"
  if [ ! -x "$bin/$name" ] || [ "$(cat "$bin/.$name.key" 2>/dev/null)" != "${target_keys[$name]}" ]; then
    stale+=("$t")
  fi
done
# Karmada's CRDs and deploy manifests (webhook configuration, APIService) ship in its module, not its binaries: build.sh copies
# them next to the binaries so the cache is complete without the Go module cache.
karmada_files="$out/karmada-$karmada_v"
[ -f "$karmada_files/.complete" ] || stale+=("karmada-manifests|karmada||")

case "${1:-}" in
  --print-dir) echo "$bin"; exit 0 ;;
  --print-karmada-dir) echo "$karmada_files"; exit 0 ;;
  --check) [ ${#stale[@]} -eq 0 ]; exit $? ;;
  --stale) for t in ${stale[@]+"${stale[@]}"}; do echo "${t%%|*}"; done; exit 0 ;;
  "") ;;
  *) echo "usage: $0 [--print-dir|--print-karmada-dir|--check|--stale]" >&2; exit 2 ;;
esac

if [ ${#stale[@]} -eq 0 ]; then
  echo "kapstan dev-cluster binaries are cached in $bin" >&2
  echo "$bin"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  echo "kapstan: Go is not installed, and the dev-cluster binaries are not cached in $bin." >&2
  echo "kapstan: install Go >= 1.26 (e.g. from your OS packages) and run dev-cluster/build.sh." >&2
  exit 3
fi

mkdir -p "$bin"
# One build at a time per cache dir (CI setup and test setup may both ask).
exec 9>"$out/.build.lock"
flock 9

start=$(date +%s)
i=0
for t in "${stale[@]}"; do
  i=$((i + 1))
  IFS='|' read -r name dir pkg stamp <<<"$t"
  if [ "$name" = karmada-manifests ]; then
    echo "[$i/${#stale[@]}] copying Karmada's CRDs and webhook configuration ..." >&2
    src="$(cd "$tc/karmada" && GOFLAGS=-mod=mod go list -m -f '{{.Dir}}' github.com/karmada-io/karmada)"
    rm -rf "$karmada_files" && mkdir -p "$karmada_files"
    cp -r "$src/charts/karmada/_crds" "$karmada_files/crds"
    cp -r "$src/artifacts/deploy" "$karmada_files/deploy"
    chmod -R u+w "$karmada_files"
    touch "$karmada_files/.complete"
    continue
  fi
  key="${target_keys[$name]}"
  if [ -x "$bin/$name" ] && [ "$(cat "$bin/.$name.key" 2>/dev/null)" = "$key" ]; then
    echo "[$i/${#stale[@]}] $name: cached" >&2
    continue
  fi
  echo "[$i/${#stale[@]}] building $name ($pkg) ..." >&2
  t0=$(date +%s)
  # Heartbeat so long compiles do not look hung.
  ( while sleep 60; do echo "    ... still building $name ($(( $(date +%s) - t0 ))s)" >&2; done ) &
  beat=$!
  status=0
  (cd "$tc/$dir" && GOFLAGS=-buildvcs=false CGO_ENABLED=0 go build -trimpath -ldflags="$ldflags${stamp:+ $stamp}" -o "$bin/.$name.tmp" "$pkg") || status=$?
  kill "$beat" 2>/dev/null || true
  wait "$beat" 2>/dev/null || true
  if [ $status -ne 0 ]; then
    echo "kapstan: building $name failed (exit $status)" >&2
    exit $status
  fi
  mv "$bin/.$name.tmp" "$bin/$name"
  echo "$key" >"$bin/.$name.key"
  echo "    $name built in $(( $(date +%s) - t0 ))s" >&2
done
total=$(( $(date +%s) - start ))
echo "kapstan dev-cluster binaries built in ${total}s into $bin" >&2
printf 'built %s in %ss with %s\n' "$(date -u +%FT%TZ)" "$total" "$(go version)" >>"$out/build.log"
echo "$bin"
