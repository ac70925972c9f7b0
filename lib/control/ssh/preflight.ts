/**
 * SSH preflight: the settings hold, the host key is the pinned (or accepted) one, the key and user
 * log in, a harmless command runs, and the user may `sudo -n`. Fails within 5 s with a message that
 * names the setting to fix (SshSettingError.setting). Then it reads what the host tells of the
 * daemon's unit: the host facts (./host-facts.ts), set or discovered, or missing (the cells that
 * need a missing one are not covered, naming its setting).
 */
import type { SshSettings } from '../../../config/env';
import { ControlError, type HostFacts } from '../types';
import { sq, sudoCheck, whoami } from './commands-v1.9';
import { SshConnection, SshSettingError } from './connection';
import { hostFacts, KNOWN_UNIT, unitShow } from './host-facts';

export const PREFLIGHT_BUDGET_MS = 5_000;

export interface SshPreflightResult {
  user: string;
  ms: number;
  facts: HostFacts;
}

export async function sshPreflight(settings: SshSettings): Promise<SshPreflightResult> {
  const t0 = Date.now();
  const conn = new SshConnection(settings);
  const deadline = new Promise<never>((_, reject) => {
    const t = setTimeout(
      () =>
        reject(
          new SshSettingError(
            'ARCHY_SSH_HOST',
            `ARCHY_SSH_HOST: the SSH preflight of node ${settings.node} did not finish within ${PREFLIGHT_BUDGET_MS} ms (${settings.user}@${settings.host}:${settings.port}; fix it in ${settings.envFile})`,
          ),
        ),
      PREFLIGHT_BUDGET_MS,
    );
    t.unref();
  });
  try {
    return await Promise.race([deadline, check(conn, settings, t0)]);
  } finally {
    await conn.close();
  }
}

async function check(conn: SshConnection, s: SshSettings, t0: number): Promise<SshPreflightResult> {
  const who = await conn.exec(whoami, { timeoutMs: 3_000 });
  if (who.code !== 0)
    throw new ControlError(
      `node ${s.node}: "${whoami}" failed over SSH (exit ${who.code}): ${who.stderr.trim().slice(0, 200)}`,
    );
  const user = who.stdout.trim();
  const sudo = await conn.exec(sudoCheck, { timeoutMs: 3_000 });
  if (sudo.code !== 0) {
    throw new SshSettingError(
      'ARCHY_SSH_USER',
      `ARCHY_SSH_USER: "${user}" may not run sudo without a password on node ${s.node} (${sudoCheck}: ${sudo.stderr.trim().split('\n')[0] || `exit ${sudo.code}`}); node control needs "sudo -n" for systemctl, journalctl and nft — give ${user} a NOPASSWD sudoers rule or use another ARCHY_SSH_USER in ${s.envFile}`,
    );
  }
  const shown = await conn.exec(unitShow(sq(s.facts.unit ?? KNOWN_UNIT)), { timeoutMs: 3_000 });
  const facts = hostFacts(
    s.facts,
    shown.code === 0 ? shown.stdout : undefined,
    `exit ${shown.code}: ${shown.stderr.trim().slice(0, 200)}`,
  );
  return { user, ms: Date.now() - t0, facts };
}
