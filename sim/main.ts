/**
 * `npm run sim -- [flags]`: starts the reference node, prints every URL it serves and one
 * `SIM_READY <json>` line (sim/CONTRACT.md), stops cleanly on SIGTERM/SIGINT.
 */
const processStartedAt = Date.now();
import { proxiedApps } from './apps';
import { NodeSim } from './node-sim';
import { helpText, OptionsError, parseOptions } from './options';
import { createSurfaces } from './surfaces';
import { FAULTS } from './faults';
import { guessesMarkdown } from './guesses';

async function main(): Promise<void> {
  if (process.argv.slice(2).includes('--list-guesses')) {
    process.stdout.write(`${guessesMarkdown()}\n`);
    return;
  }
  let opts;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (error) {
    if (error instanceof OptionsError) {
      process.stderr.write(`sim: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  if (!opts) {
    process.stdout.write(
      `${helpText()}\n\nFaults (--fault NAME; NAME:<app> where it ends in ':'):\n${FAULTS.map((f) => `  ${f.name.endsWith(':') ? `${f.name}<app>` : f.name}`).join('\n')}\n`,
    );
    return;
  }
  const quiet = opts.quiet;
  const echo = quiet
    ? null
    : (line: string): void => {
        if (!line.startsWith('reconcile pass')) process.stderr.write(`[archy-sim] ${line}\n`);
      };
  const sim = new NodeSim(opts, createSurfaces, echo, processStartedAt);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    if (!quiet) process.stderr.write(`[archy-sim] ${signal}: shutting down\n`);
    const hard = setTimeout(() => process.exit(1), 3000);
    hard.unref();
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Started by lib/start-sim (a Playwright run, a script): a parent that dies (killed, timed out)
  // without stopping the sim must not leave it behind, holding ports and its parent's pipes.
  if (process.env.SIM_EXIT_WITH_PARENT === '1') {
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) stop('parent gone');
    }, 1000).unref();
  }
  let ready;
  try {
    ready = await sim.start();
  } catch (error) {
    process.stderr.write(`sim: could not start: ${(error as Error).message}\n`);
    await sim.stop().catch(() => undefined);
    process.exit(1);
  }
  if (!quiet) {
    const lines = [
      `archy-sim ${ready.version} "${ready.hostname}" (time-scale ${ready.timeScale}${ready.faults.length ? `, faults ${ready.faults.join(',')}` : ''}, variant ${ready.variant.spec})`,
      ...(ready.variant.differs.length ? [`  guesses            ${ready.variant.differs.join(' ')}`] : []),
      `  dashboard          ${ready.baseUrl}/`,
      `  rpc                ${ready.rpcUrl}`,
      `  ws                 ${ready.wsUrl}`,
      `  metrics            ${ready.baseUrl}/metrics (session or admin token)`,
      ...proxiedApps().map(({ path: p }) => `  app ${`/app/${p}/`.padEnd(19)}${ready.baseUrl}/app/${p}/`),
      ...Object.entries(ready.ports).map(
        ([name, port]) =>
          `  port ${name.padEnd(18)}${name === 'electrum' ? 'tcp' : ready.tls ? 'https' : 'http'}://${opts.host}:${port}`,
      ),
      `  admin              ${ready.adminUrl} (Authorization: Bearer <adminToken from SIM_READY>)`,
      `  data dir           ${ready.dataDir}`,
      ...(ready.caSha256 ? [`  CA                 ${ready.caCertPath} SHA-256 ${ready.caSha256}`] : []),
    ];
    process.stdout.write(lines.join('\n') + '\n');
  }
  process.stdout.write(`SIM_READY ${JSON.stringify(ready)}\n`);
}

void main();
