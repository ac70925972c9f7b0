/**
 * The settings that would let a test run that the node's permissions keep from running, as
 * "missing setting" notes (lib/not-covered.ts): one wording for every node.
 */
import { globalEnv } from '../config/env';
import { settingNote, type NotCoveredNote } from './not-covered';

/** A read-only run: ARCHY_READ_ONLY=1 wins over everything, else ARCHY_ALLOW_DESTRUCTIVE is not set. */
export function destructiveNote(node: string, what: string): NotCoveredNote {
  return globalEnv().readOnly
    ? settingNote('ARCHY_READ_ONLY', `to 0 to let this run change ${node} (${what})`)
    : settingNote('ARCHY_ALLOW_DESTRUCTIVE', `=1 to let this run change ${node} (${what})`);
}

/** @chaos tests also need ARCHY_ALLOW_CHAOS. */
export function chaosNote(node: string, what: string): NotCoveredNote {
  return settingNote(
    'ARCHY_ALLOW_CHAOS',
    `=1 (with ARCHY_ALLOW_DESTRUCTIVE=1) to let this run inject faults on ${node} (${what})`,
  );
}

/** L3 needs the node's control channel: SSH on a real node. */
export function controlNote(node: string, what: string): NotCoveredNote {
  return settingNote(
    'ARCHY_SSH_HOST',
    `(and ARCHY_SSH_USER, ARCHY_SSH_KEY) in .env.${node} to give the suite control of ${node} (${what})`,
  );
}
