/**
 * The shell commands SSH control runs on an archy 1.9 node, one function per action. Each is run by
 * `sh -c` as ARCHY_SSH_USER (who needs password-less `sudo -n`).
 *
 * What is known (../../../../shared/archy-surface.md §3.3, archy-TESTING.md "Run commands"):
 *   - the daemon is the systemd unit `archipelago` (`sudo systemctl restart archipelago`, TESTING.md);
 *   - each app is a rootless podman container under a systemd --user quadlet unit `<id>.service`
 *     with `Restart=always`, `podman run --rm --replace` (§3.3, AA docs/upstream-notes.md);
 *   - the daemon has a config.json (TESTING.md: "without editing config.json") and a state DB
 *     (TESTING.md L5: "deleted bolt DB").
 * Everything else is marked GUESS: the user that owns the rootless containers (`archy`), the data
 * paths, nftables as the firewall, `journalctl` for the daemon's log, `podman update --memory` as
 * the way to make the kernel OOM-kill a container. Paths can be overridden per node
 * (ARCHY_SSH_CONFIG_FILE, ARCHY_SSH_STATE_DB) without a code change.
 *
 * Faults that change the node undo themselves with a timer ON THE NODE (`systemd-run --on-active`),
 * scheduled BEFORE the change, so a runner that dies mid-fault leaves a node that heals.
 */

/** The archy versions this file speaks for. */
export const VERSION = '1.9';

export interface NodePaths {
  configFile: string;
  stateDb: string;
}

/** GUESS: archy keeps its state under /var/lib/archipelago (the sim's data-dir layout). */
export const DEFAULT_PATHS: NodePaths = {
  configFile: '/var/lib/archipelago/config.json', // GUESS (file name from TESTING.md, folder guessed)
  stateDb: '/var/lib/archipelago/packages.json', // GUESS (TESTING.md says "bolt DB"; name and folder guessed)
};

/** The rootless podman user (GUESS: `archy`, the login user of AA's scripts). */
export const PODMAN_USER = 'archy';

/** Unit names of the transient timers this suite schedules (so they can be found and cancelled). */
export const UNIT_PREFIX = 'archy-e2e-';

/** nftables table that holds the partition rule (GUESS: nftables is the node's firewall). */
export const PARTITION_TABLE = 'archy_e2e_partition';

/** Single-quotes a value for sh. */
export function sq(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const UNIT = 'archipelago';

/** A harmless command for the preflight: who am I, and may I sudo without a password. */
export const whoami = 'id -un';
export const sudoCheck = 'sudo -n true';

/** Known: `systemctl restart archipelago` (TESTING.md). */
export const daemonRestart = `sudo -n systemctl restart ${UNIT}`;
export const daemonStop = `sudo -n systemctl stop ${UNIT}`;
export const daemonStart = `sudo -n systemctl start ${UNIT}`;

/** GUESS: the unit restarts on failure (Restart=on-failure/always), so a SIGKILL brings it back. */
export const kill9 = `sudo -n systemctl kill --signal=SIGKILL ${UNIT}`;

/**
 * The daemon's state and how long it has been up. `ActiveEnterTimestampMonotonic` and /proc/uptime
 * are both monotonic on the node, so the runner's clock does not matter.
 */
export const status = `systemctl show ${UNIT} --no-pager -p ActiveState -p MainPID -p ActiveEnterTimestampMonotonic && cat /proc/uptime`;

/**
 * Identity of this boot: the kernel's boot id and the start time of PID 1 (a container's PID 1
 * restarts without a new kernel boot id).
 */
export const bootIdentity = `cat /proc/sys/kernel/random/boot_id && cut -d' ' -f22 /proc/1/stat`;

/** Reboot started detached (a transient timer) so that this SSH command returns before the host goes down. */
export function reboot(delaySeconds: number): string {
  return `sudo -n systemd-run --quiet --collect --unit=${UNIT_PREFIX}reboot-$(date +%s) --on-active=${delaySeconds}s systemctl reboot`;
}

/** A transient timer on the node that runs `command` (as root) after `seconds`, even if the runner is gone. */
export function onNodeTimer(name: string, seconds: number, command: string): string {
  return `sudo -n systemd-run --quiet --collect --unit=${sq(`${UNIT_PREFIX}${name}`)} --on-active=${Math.max(1, Math.ceil(seconds))}s sh -c ${sq(command)}`;
}

/** Cancels such a timer (no error when it already ran). */
export function cancelTimer(name: string): string {
  return `sudo -n systemctl stop ${sq(`${UNIT_PREFIX}${name}.timer`)} 2>/dev/null; true`;
}

/**
 * GUESS: nftables. Drops what the SSH client's address sends to any port but SSH's, so SSH keeps
 * working and the runner sees a partition. The heal timer is scheduled first.
 */
export function partition(seconds: number, sshPort: number, id: string): string {
  const heal = `nft delete table inet ${PARTITION_TABLE}`;
  const rules = `table inet ${PARTITION_TABLE} { chain input { type filter hook input priority -10; policy accept; ip saddr $runner tcp dport != ${sshPort} drop; } }`;
  return [
    `runner=$(echo "$SSH_CLIENT" | cut -d' ' -f1)`,
    `[ -n "$runner" ] || { echo 'SSH_CLIENT is not set: cannot tell the runner address' >&2; exit 3; }`,
    onNodeTimer(`heal-${id}`, seconds, heal),
    `echo "${rules}" | sudo -n nft -f -`,
  ].join(' && ');
}

/** Ends a partition now (and its timer). */
export function heal(id: string): string {
  return `${cancelTimer(`heal-${id}`)}; sudo -n nft delete table inet ${PARTITION_TABLE} 2>/dev/null; true`;
}

/** Backup next to the file, restore timer first, then garbage over the file. */
export function corruptConfig(paths: NodePaths, id: string, restoreAfterSeconds: number): string {
  const file = sq(paths.configFile);
  const backup = sq(`${paths.configFile}.archy-e2e-${id}`);
  return [
    `sudo -n test -f ${file}`,
    `sudo -n cp -a ${file} ${backup}`,
    onNodeTimer(`restore-config-${id}`, restoreAfterSeconds, `cp -a ${backup} ${file} && rm -f ${backup}`),
    `printf '{"reconcileIntervalSeconds": 30, "useQuadletBack\\000' | sudo -n tee ${file} >/dev/null`,
  ].join(' && ');
}

export function restoreConfig(paths: NodePaths, id: string): string {
  const file = sq(paths.configFile);
  const backup = sq(`${paths.configFile}.archy-e2e-${id}`);
  return `${cancelTimer(`restore-config-${id}`)}; if sudo -n test -f ${backup}; then sudo -n cp -a ${backup} ${file} && sudo -n rm -f ${backup}; fi`;
}

/**
 * The daemon is stopped, the DB moved aside (kept for the put-back), and the daemon stays stopped:
 * its next start (the caller's daemon restart) finds no DB. The timer puts the DB back only if the
 * daemon did not write a new one, and starts the daemon if it is still stopped.
 */
export function deleteStateDb(paths: NodePaths, id: string, restoreAfterSeconds: number): string {
  const db = sq(paths.stateDb);
  const backup = sq(`${paths.stateDb}.archy-e2e-${id}`);
  return [
    `sudo -n test -e ${db}`,
    onNodeTimer(
      `restore-db-${id}`,
      restoreAfterSeconds,
      `[ -e ${db} ] || mv ${backup} ${db}; rm -f ${backup}; systemctl is-active --quiet ${UNIT} || systemctl start ${UNIT}`,
    ),
    daemonStop,
    `sudo -n mv ${db} ${backup}`,
  ].join(' && ');
}

/** The runner puts the original DB back (over a rebuilt one) with the daemon stopped, and starts it: the node as found. */
export function restoreStateDb(paths: NodePaths, id: string): string {
  const db = sq(paths.stateDb);
  const backup = sq(`${paths.stateDb}.archy-e2e-${id}`);
  return `${cancelTimer(`restore-db-${id}`)}; if sudo -n test -e ${backup}; then ${daemonStop} && sudo -n mv ${backup} ${db}; fi; ${daemonStart}`;
}

/** Runs podman as the rootless user (GUESS: `archy`, runtime dir /run/user/<uid>). */
export function asPodmanUser(args: string): string {
  return `sudo -n -u ${PODMAN_USER} env XDG_RUNTIME_DIR=/run/user/$(id -u ${PODMAN_USER}) podman ${args}`;
}

/** podman's view of every container, as JSON. */
export const containers = asPodmanUser('ps -a --format json');

/**
 * GUESS: a memory limit far below what the app uses makes the kernel OOM-kill it (cgroup v2);
 * the quadlet unit (Restart=always, `podman run --rm --replace`) recreates it without the limit.
 */
export function oom(container: string): string {
  return asPodmanUser(`update --memory=6m ${sq(container)}`);
}

/** The node's clock in ms since the epoch: the journal's own time (its difference to the runner's clock is allowed for in logSince). */
export const clockMs = 'date +%s%3N';

/** The daemon's log since a unix time (seconds, fractional), one line per entry: "<epoch> <host> <ident>[<pid>]: <message>". */
export function logSince(epochSeconds: number): string {
  return `sudo -n journalctl -u ${UNIT} --no-pager -q -o short-unix --since @${epochSeconds.toFixed(3)}`;
}
