/**
 * The channel from `npm run gate` (scripts/gate.ts) to the pass-rate reporter it starts through
 * Playwright: the gated layers travel in ARCHY_GATE_LAYERS (e.g. "L1,L2,L3"). Unset means "not a
 * gate run"; ARCHY_GATE_REQUIRE_ALL_CELLS=1 asks for every catalogue cell. These are the reporters'
 * only environment variables; the suite's own settings are read by config/env.ts.
 */
import { LAYERS, type Layer } from '../config/tags';

export const GATE_LAYERS_ENV = 'ARCHY_GATE_LAYERS';
/** Set to 1 by `npm run gate -- --require-all-cells`. */
export const GATE_REQUIRE_ALL_CELLS_ENV = 'ARCHY_GATE_REQUIRE_ALL_CELLS';
export const DEFAULT_GATE_LAYERS: Layer[] = ['L1', 'L2', 'L3'];

export function parseLayers(text: string): Layer[] {
  const layers = text
    .split(/[,\s|]+/)
    .map((s) => s.trim().replace(/^@/, ''))
    .filter((s) => s.length > 0);
  const unknown = layers.filter((l) => !(LAYERS as readonly string[]).includes(l));
  if (unknown.length > 0)
    throw new Error(
      `Unknown layer(s) ${unknown.join(', ')}; layers are ${LAYERS.join(', ')} (and, for npm run gate, explore)`,
    );
  return layers as Layer[];
}

export function requireAllCellsFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[GATE_REQUIRE_ALL_CELLS_ENV] === '1';
}

export function gateLayersFromEnv(env: NodeJS.ProcessEnv = process.env): Layer[] | undefined {
  const raw = env[GATE_LAYERS_ENV];
  return raw ? parseLayers(raw) : undefined;
}

/**
 * The sim's time-scale for the gate's ETA: from the running sim's SIM_READY line when the gate was
 * handed one, else ARCHY_SIM_TIME_SCALE, else the suite's default 0.05.
 */
export function simTimeScaleForEta(env: NodeJS.ProcessEnv = process.env): number {
  try {
    const ready = env.ARCHY_SIM_READY ? (JSON.parse(env.ARCHY_SIM_READY) as { timeScale?: number }) : undefined;
    if (typeof ready?.timeScale === 'number' && ready.timeScale > 0) return ready.timeScale;
  } catch {
    /* not JSON: fall through */
  }
  const scale = Number(env.ARCHY_SIM_TIME_SCALE);
  return Number.isFinite(scale) && scale > 0 ? scale : 0.05;
}
