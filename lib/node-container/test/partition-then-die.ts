/**
 * A runner that starts a partition over SSH and then dies (its parent SIGKILLs it once it printed
 * PARTITIONED): the node must heal by itself (node-container.ctest.ts). Settings come as JSON in argv[2].
 */
import type { SshSettings } from '../../../config/env';
import { SshControl } from '../../control/ssh/ssh-control';

async function main(): Promise<void> {
  const settings = JSON.parse(process.argv[2] ?? '{}') as SshSettings;
  const seconds = Number(process.argv[3] ?? 5);
  const control = new SshControl(settings, { progress: () => undefined });
  await control.partition(seconds);
  process.stdout.write('PARTITIONED\n');
  setInterval(() => undefined, 1000); // stays alive until killed
}

main().catch((error) => {
  process.stderr.write(`partition-then-die: ${(error as Error).message}\n`);
  process.exit(1);
});
