#!/usr/bin/env bash
# System packages the tests need, installed from Debian's archive when missing (run as root, as on
# the project's machines and CI; elsewhere it says what to install). Runs before `npm test`.
#   openssl     the dev clusters' certificates
#   util-linux  flock (build lock) and runuser (PostgreSQL runs as the postgres user)
#   postgresql  the PostgresCluster replication test (a real primary and replica on loopback)
#   nftables, iproute2  the hermetic dev-cluster test (a network namespace that counts off-loopback packets)
set -euo pipefail
need=()
command -v openssl >/dev/null 2>&1 || need+=(openssl)
command -v flock >/dev/null 2>&1 || need+=(util-linux)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v nft >/dev/null 2>&1 || need+=(nftables)
command -v ip >/dev/null 2>&1 || need+=(iproute2)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "kapstan tests need these packages: ${need[*]} (Debian: apt-get install ${need[*]})" >&2
  exit 1
fi
echo "installing ${need[*]} (apt-get)" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends ca-certificates "${need[@]}" >/dev/null
