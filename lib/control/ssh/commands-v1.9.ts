/**
 * The shell commands SSH control runs on an archy 1.9 node, one function per action. Each is run by
 * `sh -c` as ARCHY_SSH_USER (who needs password-less `sudo -n`).
 *
 * What is known (../../../../shared/archy-surface.md §3.3, archy-TESTING.md "Run commands"):
 *   - the daemon is a systemd unit (`sudo systemctl restart archipelago`, TESTING.md);
 *   - each app is a rootless podman container under a systemd --user quadlet unit `<id>.service`
 *     with `Restart=always`, `podman run --rm --replace` (§3.3, AA docs/upstream-notes.md);
 *   - the daemon has a config.json (TESTING.md: "without editing config.json") and a state DB
 *     (TESTING.md L5: "deleted bolt DB").
 * The host facts (the unit, the user that owns the containers, the config and DB paths, the journal)
 * are never assumed here: they are set or discovered (./host-facts.ts) and passed in. Still GUESS:
 * nftables as the firewall, `podman update --memory` as the way to make the kernel OOM-kill a container.
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

/** Unit names of the transient timers this suite schedules (so they can be found and cancelled). */
export const UNIT_PREFIX = 'archy-e2e-';

/** nftables table that holds the partition rule (GUESS: nftables is the node's firewall). */
export const PARTITION_TABLE = 'archy_e2e_partition';

/** Single-quotes a value for sh. */
export function sq(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A harmless command for the preflight: who am I, and may I sudo without a password. */
export const whoami = 'id -un';
export const sudoCheck = 'sudo -n true';

/** Known: `systemctl restart archipelago` (TESTING.md); the unit is a host fact. */
export function daemonRestart(unit: string): string {
  return `sudo -n systemctl restart ${sq(unit)}`;
}
export function daemonStop(unit: string): string {
  return `sudo -n systemctl stop ${sq(unit)}`;
}
export function daemonStart(unit: string): string {
  return `sudo -n systemctl start ${sq(unit)}`;
}

/** GUESS: the unit restarts on failure (Restart=on-failure/always), so a SIGKILL brings it back. */
export function kill9(unit: string): string {
  return `sudo -n systemctl kill --signal=SIGKILL ${sq(unit)}`;
}

/**
 * The daemon's state and how long it has been up. `ActiveEnterTimestampMonotonic` and /proc/uptime
 * are both monotonic on the node, so the runner's clock does not matter.
 */
export function status(unit: string): string {
  return `systemctl show ${sq(unit)} --no-pager -p ActiveState -p MainPID -p ActiveEnterTimestampMonotonic && cat /proc/uptime`;
}

/**
 * Identity of this boot: the kernel's boot id and the start time of PID 1 (a container's PID 1
 * restarts without a new kernel boot id).
 */
export const bootIdentity = `cat /proc/sys/kernel/random/boot_id && cut -d' ' -f22 /proc/1/stat`;

/**
 * How late a timer of this suite may fire. systemd's default AccuracySec is one minute (timers of a
 * host are coalesced to save wake-ups), so a 2 s reboot or a 30 s heal could fire up to a minute late.
 */
export const TIMER_ACCURACY = 'AccuracySec=100ms';

/** `systemd-run` of a transient timer named `unit` that runs `command` (argv, as root) `seconds` from now, when due. */
function transientTimer(unit: string, seconds: number, command: string): string {
  return `sudo -n systemd-run --quiet --collect --unit=${unit} --on-active=${Math.max(1, Math.ceil(seconds))}s --timer-property=${TIMER_ACCURACY} ${command}`;
}

/** Reboot started detached (a transient timer) so that this SSH command returns before the host goes down. */
export function reboot(delaySeconds: number): string {
  return transientTimer(`${UNIT_PREFIX}reboot-$(date +%s)`, delaySeconds, 'systemctl reboot');
}

/** A transient timer on the node that runs `command` (as root) after `seconds`, even if the runner is gone. */
export function onNodeTimer(name: string, seconds: number, command: string): string {
  return transientTimer(sq(`${UNIT_PREFIX}${name}`), seconds, `sh -c ${sq(command)}`);
}

/** Cancels such a timer (no error when it already ran). */
export function cancelTimer(name: string): string {
  return `sudo -n systemctl stop ${sq(`${UNIT_PREFIX}${name}.timer`)} 2>/dev/null; true`;
}

/**
 * The partition's ruleset for `nft -f -` (nftables >= 1.0): one table with an input chain that drops
 * what `saddr` (an nft match such as `ip saddr 10.88.0.1`) sends to any TCP port but `sshPort` (the
 * port sshd listens on, on the node), so SSH keeps working and the runner sees a partition.
 * Statements are separated by newlines: `drop; } }` on one line is a syntax error for nft.
 */
export function partitionRuleset(saddr: string, sshPort: string | number): string {
  return [
    `table inet ${PARTITION_TABLE} {`,
    '  chain input {',
    '    type filter hook input priority -10; policy accept;',
    `    ${saddr} tcp dport != ${sshPort} drop`,
    '  }',
    '}',
    '',
  ].join('\n');
}

/**
 * GUESS: nftables. The runner's address and the node's SSH port come from SSH_CONNECTION ("client
 * port server-address server-port": behind a published port or NAT the node's port differs from the
 * runner's). The heal timer is scheduled first.
 */
export function partition(seconds: number, id: string): string {
  const heal = `nft delete table inet ${PARTITION_TABLE}`;
  return [
    `set -- $SSH_CONNECTION`,
    `[ -n "\${1:-}" ] && [ -n "\${4:-}" ] || { echo 'SSH_CONNECTION is not set: cannot tell the runner address' >&2; exit 3; }`,
    `case "$1" in *:*) family=ip6 ;; *) family=ip ;; esac`,
    onNodeTimer(`heal-${id}`, seconds, heal),
    `printf '%b' "${partitionRuleset('$family saddr $1', '$4').replace(/\n/g, '\\n')}" | sudo -n nft -f -`,
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
export function deleteStateDb(paths: NodePaths, unit: string, id: string, restoreAfterSeconds: number): string {
  const db = sq(paths.stateDb);
  const backup = sq(`${paths.stateDb}.archy-e2e-${id}`);
  return [
    `sudo -n test -e ${db}`,
    onNodeTimer(
      `restore-db-${id}`,
      restoreAfterSeconds,
      `[ -e ${db} ] || mv ${backup} ${db}; rm -f ${backup}; systemctl is-active --quiet ${sq(unit)} || systemctl start ${sq(unit)}`,
    ),
    daemonStop(unit),
    `sudo -n mv ${db} ${backup}`,
  ].join(' && ');
}

/** The runner puts the original DB back (over a rebuilt one) with the daemon stopped, and starts it: the node as found. */
export function restoreStateDb(paths: NodePaths, unit: string, id: string): string {
  const db = sq(paths.stateDb);
  const backup = sq(`${paths.stateDb}.archy-e2e-${id}`);
  return `${cancelTimer(`restore-db-${id}`)}; if sudo -n test -e ${backup}; then ${daemonStop(unit)} && sudo -n mv ${backup} ${db}; fi; ${daemonStart(unit)}`;
}

/** Runs podman as the user that owns the app containers (rootless: its runtime dir is /run/user/<uid>). */
export function asPodmanUser(user: string, args: string): string {
  return `sudo -n -u ${sq(user)} env XDG_RUNTIME_DIR=/run/user/$(id -u ${sq(user)}) podman ${args}`;
}

/** podman's view of every container of `user`, as JSON. */
export function containers(user: string): string {
  return asPodmanUser(user, 'ps -a --format json');
}

/**
 * GUESS: a memory limit far below what the app uses makes the kernel OOM-kill it (cgroup v2);
 * the quadlet unit (Restart=always, `podman run --rm --replace`) recreates it without the limit.
 */
export function oom(user: string, container: string): string {
  return asPodmanUser(user, `update --memory=6m ${sq(container)}`);
}

/** The node's clock in ms since the epoch: the journal's own time (its difference to the runner's clock is allowed for in logSince). */
export const clockMs = 'date +%s%3N';

/** The daemon's log since a unix time (seconds, fractional), one line per entry: "<epoch> <host> <ident>[<pid>]: <message>". */
export function logSince(journalUnit: string, epochSeconds: number): string {
  return `sudo -n journalctl -u ${sq(journalUnit)} --no-pager -q -o short-unix --since @${epochSeconds.toFixed(3)}`;
}
