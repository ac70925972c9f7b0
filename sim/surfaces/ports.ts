/**
 * Direct app ports of the reference node: `portBase + offset` (sim/CONTRACT.md "Direct ports").
 * Which of them exist and their offsets are guesses (direct-ports, direct-port-numbers).
 */
import { guess } from '../guesses';

/** The real-node numbers of the direct ports the sim can serve (the catalogue's and TESTING's). */
export const DIRECT_PORTS = {
  'bitcoin-rpc': { real: 8332 },
  'archy-bitcoin-ui': { real: 8334 },
  electrum: { real: 50001 },
  'lnd-rest': { real: 8080 },
} as const;

export type DirectPortName = keyof typeof DIRECT_PORTS;

/** The direct ports this node has (guess direct-ports). */
export function directPortNames(): DirectPortName[] {
  return [...guess('direct-ports')];
}

export function directPortMap(portBase: number): Partial<Record<DirectPortName, number>> {
  const offsets = guess('direct-port-numbers').offsets;
  const map: Partial<Record<DirectPortName, number>> = {};
  for (const name of directPortNames()) map[name] = portBase + offsets[name];
  return map;
}
