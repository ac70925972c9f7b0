/**
 * What the daemon gets from the host it runs on: the container runtime, the chain, faults,
 * metrics, the log and the addresses it is reachable at.
 */
import type { Chain } from './chain';
import type { ContainerRuntime } from './containers';
import type { FaultSet } from './faults';
import type { Metrics } from './metrics';
import type { SimOptions } from './options';
import type { OrchestratorMeter } from './orchestrator';

export type BootReason = 'first-start' | 'process-start' | 'daemon-restart' | 'kill9' | 'reboot' | 'reset';

export interface HostServices {
  readonly opts: SimOptions;
  readonly containers: ContainerRuntime;
  readonly faults: FaultSet;
  readonly metrics: Metrics;
  readonly meter: OrchestratorMeter;
  readonly chain: Chain;
  log(line: string): void;
  /** Is the request path served over https? */
  readonly secure: boolean;
  /** Actual main port (for lan-address of proxy apps). */
  mainPort(): number;
  /** Direct port name → actual port. */
  directPorts(): Record<string, number>;
  /** The host process start (for the daemon start-up metric). */
  readonly processStartedAt: number;
}
