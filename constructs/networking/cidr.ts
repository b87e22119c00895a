/** Why a CIDR is invalid, or undefined. Checks shape and prefix length for IPv4 and IPv6. */
export function cidrProblem(cidr: string): string | undefined {
  const [address, prefix, ...rest] = cidr.split('/');
  if (rest.length || prefix === undefined || !/^\d{1,3}$/.test(prefix)) return `"${cidr}" is not a CIDR (expected address/prefix)`;
  const bits = Number(prefix);
  if (address.includes(':')) {
    const ok = /^[0-9a-fA-F:.]+$/.test(address) && address.split('::').length <= 2;
    if (!ok || bits > 128) return `"${cidr}" is not a valid IPv6 CIDR`;
    return undefined;
  }
  const octets = address.split('.');
  const ok = octets.length === 4 && octets.every((o) => /^\d{1,3}$/.test(o) && Number(o) <= 255);
  if (!ok || bits > 32) return `"${cidr}" is not a valid IPv4 CIDR`;
  return undefined;
}

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

/** True when IPv4 CIDR `inner` lies inside `outer` (IPv6 is not checked and returns true). */
export function cidrContains(outer: string, inner: string): boolean {
  if (outer.includes(':') || inner.includes(':')) return true;
  const [oa, op] = outer.split('/');
  const [ia, ip] = inner.split('/');
  if (Number(ip) < Number(op)) return false;
  const size = 2 ** (32 - Number(op));
  return Math.floor(ipv4ToNumber(oa) / size) === Math.floor(ipv4ToNumber(ia) / size);
}
