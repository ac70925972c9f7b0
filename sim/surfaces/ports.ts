/**
 * Direct app ports of the reference node: `portBase + offset` (sim/CONTRACT.md "Direct ports").
 * Names, real numbers and offsets come from the app descriptions (sim/apps.ts); which ports exist and
 * whether the offsets move are guesses (direct-ports, direct-port-numbers).
 */
import { DIRECT_PORT_NAMES, DIRECT_PORTS, type DirectPortName } from '../apps';
import { guess } from '../guesses';

export { DIRECT_PORTS, type DirectPortName };

/** The direct ports this node has (guess direct-ports leaves some out). */
export function directPortNames(): DirectPortName[] {
  const missing: readonly string[] = guess('direct-ports');
  return DIRECT_PORT_NAMES.filter((name) => !missing.includes(name));
}

/** Each port's offset from the port base: the descriptions', or (guess direct-port-numbers=shuffled) reversed and spread over the block. */
export function directPortOffset(name: DirectPortName): number {
  const offset = DIRECT_PORTS[name].offset;
  return guess('direct-port-numbers').offsets === 'shuffled' ? 15 - 2 * offset : offset;
}

export function directPortMap(portBase: number): Partial<Record<DirectPortName, number>> {
  const map: Partial<Record<DirectPortName, number>> = {};
  for (const name of directPortNames()) map[name] = portBase + directPortOffset(name);
  return map;
}
