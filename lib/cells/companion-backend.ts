/** The backend a companion comes and goes with, as it runs on this node ('bitcoin' → knots or core). */
import { appById, type AppEntry } from '../../config/apps';
import { packageEntries, runningBitcoin } from '../ensure-app';
import type { NodeRpc } from '../rpc/node-rpc';

export async function companionBackend(rpc: NodeRpc, node: string, app: AppEntry): Promise<AppEntry | null> {
  if (!app.companionOf) return null;
  if (app.companionOf !== 'bitcoin') return appById(app.companionOf);
  const running = runningBitcoin(await packageEntries(rpc, node));
  return running ? appById(running) : null;
}
