/**
 * The partition's ruleset is valid nft for nftables >= 1.0: checked by the real `nft -c -f -`
 * (check only, nothing applied) in a network namespace of its own where the binary exists, and the
 * shell command that SSH control runs on a node hands nft exactly that ruleset, with the runner's
 * address and the node's SSH port taken from SSH_CONNECTION. Every timer it schedules fires when due.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { partition, partitionRuleset, PARTITION_TABLE, reboot, TIMER_ACCURACY } from '../ssh/commands-v1.9';

const NFT = ['/usr/sbin/nft', '/sbin/nft', '/usr/bin/nft'].find(
  (p) => spawnSync(p, ['--version'], { encoding: 'utf8' }).status === 0,
);

/** `nft -c -f -` on `rules`, in a network namespace of its own (unprivileged first, then as root, then as is). */
function nftCheck(rules: string): { ok: boolean; output: string; how: string } {
  const attempts: string[][] = [['unshare', '-rn'], ['unshare', '-n'], []];
  let last = { ok: false, output: 'not run', how: '' };
  for (const prefix of attempts) {
    const [cmd, ...args] = [...prefix, NFT!, '-c', '-f', '-'];
    const r = spawnSync(cmd!, args, { input: rules, encoding: 'utf8', timeout: 10_000 });
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}`;
    last = { ok: r.status === 0, output, how: [...prefix, 'nft -c'].join(' ') };
    // a syntax error is the answer; a refused namespace or permission is not: try the next way
    if (r.status === 0 || /syntax error|Error: (?!.*(Operation not permitted|Permission denied))/.test(output))
      return last;
  }
  return last;
}

describe('partition ruleset (lib/control/ssh/commands-v1.9.ts)', () => {
  const skip = NFT ? false : 'nft is not installed here (apt-get install nftables runs this check)';

  test('is valid nft for an IPv4 runner (nft -c -f -)', { skip }, () => {
    const r = nftCheck(partitionRuleset('ip saddr 10.88.0.1', 22));
    assert.ok(r.ok, `${r.how} refused the ruleset:\n${r.output}`);
  });

  test('is valid nft for an IPv6 runner (nft -c -f -)', { skip }, () => {
    const r = nftCheck(partitionRuleset('ip6 saddr fd00::1', 2222));
    assert.ok(r.ok, `${r.how} refused the ruleset:\n${r.output}`);
  });

  test('nft -c refuses the one-line form the command used before (the check can fail)', { skip }, () => {
    const oneLine = `table inet ${PARTITION_TABLE} { chain input { type filter hook input priority -10; policy accept; ip saddr 10.88.0.1 tcp dport != 22 drop; } }\n`;
    const r = nftCheck(oneLine);
    assert.equal(r.ok, false, 'nft accepted a ruleset with no separator before the table brace');
    assert.match(r.output, /syntax error/);
  });

  test('the command hands nft that ruleset, from SSH_CONNECTION, after scheduling its heal timer', { skip }, () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'archy-partition-'));
    try {
      // sudo records each call (argv, then stdin) and succeeds: what the node would run, without running it.
      const sudo = path.join(dir, 'sudo');
      writeFileSync(
        sudo,
        `#!/bin/sh\nn=$(ls ${dir} | grep -c '^call-.*args$')\nprintf '%s\\n' "$*" > ${dir}/call-$n.args\ncat > ${dir}/call-$n.stdin\n`,
      );
      chmodSync(sudo, 0o755);
      const r = spawnSync('sh', ['-c', partition(30, 'abc')], {
        env: { PATH: `${dir}:/usr/bin:/bin`, SSH_CONNECTION: '10.88.0.1 51234 10.88.0.5 22' },
        input: '',
        encoding: 'utf8',
      });
      assert.equal(r.status, 0, r.stderr);
      const args0 = readFileSync(path.join(dir, 'call-0.args'), 'utf8');
      assert.match(args0, /^-n systemd-run .*--unit=archy-e2e-heal-abc --on-active=30s/);
      assert.ok(args0.includes(`--timer-property=${TIMER_ACCURACY}`), `the heal timer has no accuracy: ${args0}`);
      assert.match(readFileSync(path.join(dir, 'call-1.args'), 'utf8'), /^-n nft -f -\n$/);
      const rules = readFileSync(path.join(dir, 'call-1.stdin'), 'utf8');
      assert.equal(rules, partitionRuleset('ip saddr 10.88.0.1', 22));
      const checked = nftCheck(rules);
      assert.ok(checked.ok, `${checked.how} refused what the command sends:\n${checked.output}`);

      const noConn = spawnSync('sh', ['-c', partition(30, 'abc')], {
        env: { PATH: `${dir}:/usr/bin:/bin` },
        encoding: 'utf8',
      });
      assert.equal(noConn.status, 3, 'without SSH_CONNECTION the command refuses');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every timer the suite schedules fires when due (AccuracySec), the reboot too', () => {
    assert.match(TIMER_ACCURACY, /^AccuracySec=\d+ms$/);
    assert.ok(reboot(2).includes(`--timer-property=${TIMER_ACCURACY}`), reboot(2));
    assert.ok(partition(5, 'x').includes(`--timer-property=${TIMER_ACCURACY}`));
  });
});
