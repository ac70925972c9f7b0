/**
 * Host facts: what SSH control must know about a node and may not guess — the daemon's systemd unit,
 * the user that owns the app containers (rootless podman), the daemon's config file and state DB, and
 * the journal its log lines go to. Each is set in the node's env file (ARCHY_SSH_*, which wins) or
 * discovered from what the host tells about the daemon's unit:
 *
 *   systemctl show <unit> -p LoadState -p User -p Environment -p ExecStart -p StandardOutput
 *
 *   unit        the unit `archipelago` (archy-TESTING.md: `sudo systemctl restart archipelago`), if loaded
 *   podmanUser  the unit's User= (each app is a rootless container of the daemon's user, §3.3)
 *   configFile  a --config[-file] argument of ExecStart, or an Environment= variable named *CONFIG[_FILE|_PATH]
 *   stateDb     a --state-db/--db/--database argument, or a variable named *STATE_DB/*_DB[_PATH|_FILE]/*DATABASE[_PATH]
 *   journalUnit the unit itself when its StandardOutput goes to the journal (systemd's default)
 *
 * A fact neither set nor discovered is missing: the cells that need it are "not covered: set ARCHY_SSH_…".
 */
import type { HostFactSettings } from '../../../config/env';
import { settingNote, type NotCoveredNote } from '../../not-covered';
import type { HostFact, HostFactName, HostFacts } from '../types';

export type { HostFact, HostFactName, HostFacts };

/** The setting of each fact. */
export const FACT_SETTING: Record<HostFactName, string> = {
  unit: 'ARCHY_SSH_UNIT',
  podmanUser: 'ARCHY_SSH_PODMAN_USER',
  configFile: 'ARCHY_SSH_CONFIG_FILE',
  stateDb: 'ARCHY_SSH_STATE_DB',
  journalUnit: 'ARCHY_SSH_JOURNAL_UNIT',
};

/** What each fact is, for messages. */
const FACT_MEANING: Record<HostFactName, string> = {
  unit: "the daemon's systemd unit",
  podmanUser: 'the user that owns the app containers (rootless podman)',
  configFile: "the daemon's config file",
  stateDb: "the daemon's state DB",
  journalUnit: "the unit whose journal holds the daemon's log",
};

/** The unit archy-TESTING.md names (`sudo systemctl restart archipelago`): where discovery starts. */
export const KNOWN_UNIT = 'archipelago';

/** The command that reads the daemon's unit (one call; `systemctl show` of a unit that is not there prints LoadState=not-found). */
export function unitShow(unit: string): string {
  return `systemctl show ${unit} --no-pager -p Id -p LoadState -p User -p Environment -p ExecStart -p StandardOutput`;
}

/** `systemctl show` output → property map (a property may span one line only). */
export function parseShow(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

/** Splits a systemd word list (Environment=, argv[]=): spaces separate, double or single quotes group. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  return words;
}

/** The argv of ExecStart=`{ path=… ; argv[]=a b c ; ignore_errors=no ; … }` (first command). */
export function execStartArgv(execStart: string): string[] {
  const m = /argv\[\]=(.*?) ; (?:ignore_errors|start_time|flags)=/.exec(execStart);
  return m ? splitWords(m[1]!) : [];
}

function flagValue(argv: string[], flags: RegExp): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    if (eq > 0 && flags.test(a.slice(0, eq))) return a.slice(eq + 1);
    if (flags.test(a) && argv[i + 1] !== undefined && !argv[i + 1]!.startsWith('-')) return argv[i + 1];
  }
  return undefined;
}

function envValue(env: string[], names: RegExp): { name: string; value: string } | undefined {
  for (const kv of env) {
    const eq = kv.indexOf('=');
    if (eq > 0 && names.test(kv.slice(0, eq))) return { name: kv.slice(0, eq), value: kv.slice(eq + 1) };
  }
  return undefined;
}

const CONFIG_FLAGS = /^--config(-file)?$/;
const DB_FLAGS = /^--(state-db|db|database)(-path|-file)?$/;
const CONFIG_VARS = /(^|_)CONFIG(_FILE|_PATH)?$/;
const DB_VARS = /(^|_)(STATE_DB|DB|DATABASE)(_FILE|_PATH)?$/;

function pathFact(
  argv: string[],
  env: string[],
  flags: RegExp,
  vars: RegExp,
  unit: string,
): Omit<HostFact, 'source'> | undefined {
  const fromFlag = flagValue(argv, flags);
  if (fromFlag?.startsWith('/')) return { value: fromFlag, how: `ExecStart of ${unit} passes it` };
  const fromEnv = envValue(env, vars);
  if (fromEnv?.value.startsWith('/')) return { value: fromEnv.value, how: `Environment=${fromEnv.name} of ${unit}` };
  return undefined;
}

/** The facts, from the settings and what `systemctl show` of the unit printed (undefined: it could not be read). */
export function hostFacts(settings: HostFactSettings, shown: string | undefined, readError?: string): HostFacts {
  const unitName = settings.unit ?? KNOWN_UNIT;
  const p = shown === undefined ? {} : parseShow(shown);
  const loaded = p.LoadState === 'loaded';
  const seen =
    shown === undefined
      ? `systemctl show ${unitName} failed${readError ? `: ${readError}` : ''}`
      : loaded
        ? `unit ${unitName} is loaded`
        : `unit ${unitName} is ${p.LoadState || 'unknown'} on the node`;
  const argv = loaded ? execStartArgv(p.ExecStart ?? '') : [];
  const env = loaded ? splitWords(p.Environment ?? '') : [];
  const found = (value: string | undefined, how: string): HostFact =>
    value ? { value, source: 'discovered', how } : { source: 'missing', how };
  const config = loaded ? pathFact(argv, env, CONFIG_FLAGS, CONFIG_VARS, unitName) : undefined;
  const db = loaded ? pathFact(argv, env, DB_FLAGS, DB_VARS, unitName) : undefined;
  const out = (p.StandardOutput ?? '').split(/[+:]/)[0] ?? '';
  const discovered: HostFacts = {
    unit: found(loaded ? unitName : undefined, seen),
    podmanUser: found(
      loaded && p.User ? p.User : undefined,
      loaded ? (p.User ? `User= of ${unitName}` : `${unitName} has no User= (runs as root)`) : seen,
    ),
    configFile: found(
      config?.value,
      config?.how ?? (loaded ? `neither ExecStart nor Environment of ${unitName} names a config file` : seen),
    ),
    stateDb: found(
      db?.value,
      db?.how ?? (loaded ? `neither ExecStart nor Environment of ${unitName} names a state DB` : seen),
    ),
    journalUnit: found(
      loaded && ['journal', 'inherit', 'kmsg', ''].includes(out) ? unitName : undefined,
      loaded ? `StandardOutput=${p.StandardOutput ?? ''} of ${unitName}` : seen,
    ),
  };
  for (const name of Object.keys(FACT_SETTING) as HostFactName[]) {
    const value = settings[name];
    if (value) discovered[name] = { value, source: 'set', how: `${FACT_SETTING[name]} in the env file` };
  }
  return discovered;
}

/** "not covered: set ARCHY_SSH_PODMAN_USER in .env.node-x (…)" for the first fact of `needs` that is missing. */
export function missingFactNote(
  facts: HostFacts,
  needs: readonly HostFactName[],
  envFile: string,
): NotCoveredNote | undefined {
  const name = needs.find((n) => facts[n].source === 'missing');
  if (!name) return undefined;
  return settingNote(
    FACT_SETTING[name],
    `in ${envFile}: ${FACT_MEANING[name]} is neither set nor discovered (${facts[name].how})`,
  );
}

/** One line per fact, for the preflight's annotation and the profile. */
export function describeFacts(facts: HostFacts): string {
  return (Object.keys(FACT_SETTING) as HostFactName[])
    .map((n) => `${n}=${facts[n].value ?? '(missing)'} [${facts[n].source}: ${facts[n].how}]`)
    .join('; ');
}
