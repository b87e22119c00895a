#!/usr/bin/env bash
# Runs a command in the network namespace `unshare --net` gave this script, set up so that any
# connection leaving loopback is attempted for real but stopped here: a veth pair carries a default
# route, and an nftables rule counts and rejects every TCP/UDP packet that would leave on it.
# Nothing can reach another machine: the namespace has no link to the host's network at all.
#   unshare --net -- bash netns.sh COUNTER_FILE COMMAND...
# Writes the nftables counter (JSON) to COUNTER_FILE when COMMAND ends, and exits with its code.
set -euo pipefail
counter_file=$1; shift
sysctl -qw net.ipv6.conf.default.disable_ipv6=1 || true
ip link set lo up
ip link add kg0 type veth peer name kg1
ip link set kg0 up
ip link set kg1 up
ip addr add 10.255.255.1/32 dev kg0
ip route add default dev kg0
nft -f - <<'NFT'
table inet kapstan_hermetic {
  counter offloop {}
  chain out {
    type filter hook output priority 0; policy accept;
    oifname != "lo" meta l4proto { tcp, udp } counter name offloop reject
  }
}
NFT
status=0
"$@" || status=$?
nft -j list counter inet kapstan_hermetic offloop >"$counter_file"
exit $status
