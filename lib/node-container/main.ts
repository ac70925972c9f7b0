/**
 * `tsx lib/node-container/main.ts [name]`: starts the node container for a Playwright run
 * (playwright.config.ts runs it as a webServer when --project=node-container is selected), writes
 * its `.env.<name>` (mode 0600, in the env dir) so the node is configured like any real node, prints
 * `NODE_CONTAINER_READY {…}` and keeps the container until SIGTERM; then it saves the container's
 * journal to reports/node-container/<name>.log, stops it and removes the env file.
 * Faults inside: ARCHY_NODE_CONTAINER_FAULTS=a,b (the sim's SIM_FAULTS).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { globalEnv, nodeEnvFile } from '../../config/env';
import { NODE_CONTAINER } from '../../config/nodes';
import { nodeContainerLogFile } from './log-file';
import { startNodeContainer, type StartedNodeContainer } from './start';

async function main(): Promise<void> {
  const name = process.argv[2] ?? NODE_CONTAINER;
  const env = globalEnv();
  const logFile = nodeContainerLogFile(name);
  mkdirSync(path.dirname(logFile), { recursive: true });
  writeFileSync(logFile, '');
  const envFile = nodeEnvFile(name);
  const holder: { starting?: Promise<StartedNodeContainer> } = {};
  let stopping = false;
  const stop = async (why: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    const t0 = Date.now();
    process.stderr.write(`[node-container] ${why}: stopping ${name}\n`);
    // A stop asked for while the container starts waits for it: leaving then would leave it running.
    const node = await holder.starting?.catch(() => undefined);
    if (node) {
      const journal = await node.logs().catch((e: Error) => `(the journal could not be read: ${e.message})\n`);
      writeFileSync(logFile, journal);
      await node.stop();
      process.stderr.write(
        `[node-container] ${name} removed in ${Date.now() - t0} ms; journal (${journal.split('\n').length - 1} lines) in ${logFile}\n`,
      );
    }
    rmSync(envFile, { force: true });
    process.exit(0);
  };
  // The runner may stop reading stderr while the container is removed: a write then must not end the stop.
  process.stderr.on('error', () => undefined);
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  const t0 = Date.now();
  process.stderr.write(
    `[node-container] starting ${name} (image from scripts/build-node-image.sh, cached)${env.nodeContainerFaults.length ? `, faults ${env.nodeContainerFaults.join(',')}` : ''}\n`,
  );
  holder.starting = startNodeContainer({ name, faults: env.nodeContainerFaults });
  const node = await holder.starting;
  if (stopping) return;
  writeFileSync(envFile, node.envFile(), { mode: 0o600 });
  process.stderr.write(
    `[node-container] ${name} up in ${Date.now() - t0} ms (boot ${node.ready.bootMs} ms): ${node.ready.baseUrl}, ssh 127.0.0.1:${node.ready.sshPort}, env ${envFile}\n`,
  );
  process.stdout.write(
    `NODE_CONTAINER_READY ${JSON.stringify({ name, baseUrl: node.ready.baseUrl, sshPort: node.ready.sshPort, containerId: node.ready.containerId })}\n`,
  );
  setInterval(() => undefined, 60_000);
}

main().catch((error) => {
  process.stderr.write(`[node-container] could not start: ${(error as Error).message}\n`);
  process.exit(1);
});
