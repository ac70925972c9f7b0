/**
 * Direct app ports of the reference node: `portBase + offset` (sim/CONTRACT.md "Direct ports").
 */
export const DIRECT_PORTS = {
  'bitcoin-rpc': { offset: 0, real: 8332 },
  'archy-bitcoin-ui': { offset: 1, real: 8334 },
  electrum: { offset: 2, real: 50001 },
  'lnd-rest': { offset: 3, real: 8080 },
} as const;

export type DirectPortName = keyof typeof DIRECT_PORTS;

export const DIRECT_PORT_NAMES = Object.keys(DIRECT_PORTS) as DirectPortName[];

export function directPortMap(portBase: number): Record<DirectPortName, number> {
  const map = {} as Record<DirectPortName, number>;
  for (const name of DIRECT_PORT_NAMES) map[name] = portBase + DIRECT_PORTS[name].offset;
  return map;
}
