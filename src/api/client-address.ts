/**
 * Who is asking. The peer is the address the request arrived from (the socket on Node; at the edge Cloudflare's
 * CF-Connecting-IP). Behind a reverse proxy every request arrives from the proxy, so with TRUSTED_PROXIES set,
 * X-Forwarded-For is read from the right: each hop added by a trusted proxy is skipped, and the first address
 * that is not a trusted proxy is the client. Without the setting, or from a peer that is not trusted, the
 * header is ignored: anyone can write it.
 */

interface Range {
  version: 4 | 6;
  base: bigint;
  bits: number;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    value = (value << 8n) | BigInt(Number(part));
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  let input = text.toLowerCase();
  // An IPv4 tail (::ffff:192.0.2.1) becomes two groups.
  const v4 = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(input);
  if (v4) {
    const tail = parseIpv4(v4[2] as string);
    if (tail === undefined) return undefined;
    input = `${v4[1]}${(tail >> 16n).toString(16)}:${(tail & 0xffffn).toString(16)}`;
  }
  const halves = input.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(Number.parseInt(group, 16));
  }
  return value;
}

/** An IP address as a number, IPv4-mapped IPv6 addresses as IPv4; undefined when it is not an address. */
export function parseIp(text: string): { version: 4 | 6; value: bigint } | undefined {
  const trimmed = text.trim().replace(/^\[|\]$/g, '');
  const v4 = parseIpv4(trimmed);
  if (v4 !== undefined) return { version: 4, value: v4 };
  const v6 = parseIpv6(trimmed);
  if (v6 === undefined) return undefined;
  if (v6 >> 32n === 0xffffn) return { version: 4, value: v6 & 0xffffffffn };
  return { version: 6, value: v6 };
}

/** Parses `192.0.2.1, 10.0.0.0/8, ::1, fd00::/8`; throws a message naming the bad entry. */
export function parseTrustedProxies(text: string): Range[] {
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [address = '', prefix] = entry.split('/');
      const ip = parseIp(address);
      const max = ip?.version === 4 ? 32 : 128;
      const bits = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
      if (!ip || !(bits >= 0 && bits <= max)) throw new Error(`"${entry}" is not an IP address or CIDR range`);
      const shift = BigInt(max - bits);
      return { version: ip.version, base: (ip.value >> shift) << shift, bits };
    });
}

function inRanges(address: string, ranges: readonly Range[]): boolean {
  const ip = parseIp(address);
  if (!ip) return false;
  return ranges.some((range) => {
    if (range.version !== ip.version) return false;
    const shift = BigInt((ip.version === 4 ? 32 : 128) - range.bits);
    return ip.value >> shift === range.base >> shift;
  });
}

/** The client's address: the peer's, or, when the peer is a trusted proxy, the nearest untrusted hop it reports. */
export function clientAddress(peer: string, forwardedFor: string | undefined, trusted: readonly Range[]): string {
  if (!trusted.length || !forwardedFor || !inRanges(peer, trusted)) return normalise(peer);
  const hops = forwardedFor
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string;
    if (!parseIp(hop)) return normalise(peer); // a hop that is no address: the header cannot be trusted
    if (!inRanges(hop, trusted)) return normalise(hop);
  }
  return normalise(hops[0] ?? peer);
}

/** One spelling per address (::ffff:192.0.2.1 and 192.0.2.1 are one client). */
function normalise(address: string): string {
  const ip = parseIp(address);
  if (!ip) return address;
  if (ip.version === 4) return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 0xffn)).join('.');
  return ip.value.toString(16);
}
