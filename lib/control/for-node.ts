/** The control channel a node has: the sim's admin port, SSH when its env file sets ARCHY_SSH_HOST, else none. */
import { realNodeEnv, simReady } from '../../config/env';
import { SIM, type NodeConfig } from '../../config/nodes';
import type { StepRunner } from '../rpc/client';
import { SimControl } from './sim-admin';
import { SshControl } from './ssh/ssh-control';
import type { NodeControl } from './types';

export function controlFor(node: NodeConfig, step: StepRunner): NodeControl | undefined {
  if (node.name === SIM) {
    const ready = simReady();
    return new SimControl(ready.adminUrl, ready.adminToken, step, node.name, ready.dataDir);
  }
  const ssh = realNodeEnv(node.name).ssh;
  return ssh ? new SshControl(ssh, { step, timeScale: node.timeScale }) : undefined;
}

/** Why a node has no control channel (the "not covered" reason of L3/L5 cells). */
export function noControlReason(node: NodeConfig): string {
  return `not covered: set ARCHY_SSH_HOST (and ARCHY_SSH_USER, ARCHY_SSH_KEY) in .env.${node.name} for node control over SSH`;
}
