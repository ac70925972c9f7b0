/** Host facts: discovered from `systemctl show` of the daemon's unit, overridden by ARCHY_SSH_*, missing → "not covered: set …". */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { execStartArgv, hostFacts, missingFactNote, splitWords } from '../ssh/host-facts';

/** What systemd 252 prints for a unit like the node container's archipelago.service. */
const SHOWN = [
  'Id=archipelago.service',
  'LoadState=loaded',
  'User=btcnode',
  'Environment=RUST_LOG=info "ARCHIPELAGO_STATE_DB=/var/lib/archipelago/packages.json" HOME=/home/btcnode',
  'ExecStart={ path=/usr/local/bin/node ; argv[]=/usr/local/bin/node /opt/archy-node/daemon.cjs --config /var/lib/archipelago/config.json ; ignore_errors=no ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }',
  'StandardOutput=journal',
  '',
].join('\n');

describe('host facts', () => {
  test('discovered from the unit: its user, the config flag, the DB variable, its journal', () => {
    const f = hostFacts({}, SHOWN);
    assert.deepEqual(Object.fromEntries(Object.entries(f).map(([k, v]) => [k, [v.value, v.source]])), {
      unit: ['archipelago', 'discovered'],
      podmanUser: ['btcnode', 'discovered'],
      configFile: ['/var/lib/archipelago/config.json', 'discovered'],
      stateDb: ['/var/lib/archipelago/packages.json', 'discovered'],
      journalUnit: ['archipelago', 'discovered'],
    });
    assert.match(f.stateDb.how, /Environment=ARCHIPELAGO_STATE_DB/);
  });

  test('a setting wins over what the host tells', () => {
    const f = hostFacts({ podmanUser: 'apps', stateDb: '/srv/db' }, SHOWN);
    assert.deepEqual([f.podmanUser.value, f.podmanUser.source], ['apps', 'set']);
    assert.deepEqual([f.stateDb.value, f.stateDb.source], ['/srv/db', 'set']);
  });

  test('a unit without User=, paths or journal output: those facts are missing, with a note naming the setting', () => {
    const bare =
      'Id=archipelago.service\nLoadState=loaded\nUser=\nEnvironment=\nExecStart={ path=/usr/bin/archipelago ; argv[]=/usr/bin/archipelago ; ignore_errors=no ; start_time=[n/a] }\nStandardOutput=file:/var/log/archy.log\n';
    const f = hostFacts({}, bare);
    assert.equal(f.unit.source, 'discovered');
    for (const name of ['podmanUser', 'configFile', 'stateDb', 'journalUnit'] as const)
      assert.equal(f[name].source, 'missing', name);
    const note = missingFactNote(f, ['unit', 'podmanUser'], '.env.node-x');
    assert.equal(note?.class, 'setting');
    assert.equal(note?.setting, 'ARCHY_SSH_PODMAN_USER');
    assert.match(note!.reason, /^not covered: set ARCHY_SSH_PODMAN_USER in \.env\.node-x: .*runs as root/);
    assert.equal(missingFactNote(f, ['unit'], '.env.node-x'), undefined);
  });

  test('a unit that is not there: every fact missing unless set; the unit is named', () => {
    const f = hostFacts({ podmanUser: 'apps' }, 'Id=archipelago.service\nLoadState=not-found\n');
    assert.equal(f.unit.source, 'missing');
    assert.match(f.unit.how, /unit archipelago is not-found/);
    assert.equal(missingFactNote(f, ['unit'], '.env.n')?.setting, 'ARCHY_SSH_UNIT');
    assert.equal(f.podmanUser.source, 'set');
    assert.equal(hostFacts({}, undefined, 'exit 255').unit.how, 'systemctl show archipelago failed: exit 255');
  });

  test('systemd word lists: quotes group, ExecStart argv is read up to its first field', () => {
    assert.deepEqual(splitWords(`A=1 "B=two words" 'C=x'`), ['A=1', 'B=two words', 'C=x']);
    assert.deepEqual(execStartArgv('{ path=/bin/d ; argv[]=/bin/d --config=/e/c.json -v ; ignore_errors=no ; x }'), [
      '/bin/d',
      '--config=/e/c.json',
      '-v',
    ]);
    assert.equal(
      hostFacts(
        {},
        'LoadState=loaded\nExecStart={ path=/bin/d ; argv[]=/bin/d --config=/e/c.json ; ignore_errors=no }\n',
      ).configFile.value,
      '/e/c.json',
    );
  });
});
