/**
 * Playwright global setup when the sim is selected and none runs yet (playwright.config.ts): starts
 * the reference node with lib/start-sim, hands its SIM_READY line to the workers as ARCHY_SIM_READY,
 * and returns the teardown that stops it.
 */
import { exportSimReady, globalEnv, nodePassword } from '../config/env';
import { SIM } from '../config/nodes';
import { startSim } from './start-sim';

export default async function startSuiteSim(): Promise<() => Promise<void>> {
  const env = globalEnv();
  const sim = await startSim({
    timeScale: env.simTimeScale,
    tls: env.simTls,
    password: nodePassword(SIM),
    stderr: 'inherit',
    readyTimeoutMs: 60_000,
    label: 'the sim (playwright.config.ts)',
    flags: env.simVariant ? ['--variant', env.simVariant] : [],
  });
  exportSimReady(sim.readyJson);
  return () => sim.stop();
}
