/** Node configs for unit tests. */
import type { NodeConfig } from '../../config/nodes';

/** A real node as a unit test needs one: read-only, no chaos, time scale 1, no ports, nothing protected; `over` sets the rest. */
export function realNodeFor(over: Pick<NodeConfig, 'name' | 'baseUrl' | 'hostname'> & Partial<NodeConfig>): NodeConfig {
  return {
    isSim: false,
    allowDestructive: false,
    allowChaos: false,
    timeScale: 1,
    ports: {},
    protectedApps: [],
    ...over,
  };
}
