/** A survey's observation becomes a profile entry: confirmed, contradicted with the config change, or unknown. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toObservation } from '../profile-writer';

test('survey statuses: confirmed, contradicted with the config change, unknown', () => {
  assert.equal(toObservation('dashboard-script', { observed: 'external' }).status, 'confirmed');
  const inline = toObservation('dashboard-script', { observed: 'inline' });
  assert.equal(inline.status, 'contradicted');
  assert.match(inline.configChange!, /dashboard-script/);
  assert.equal(toObservation('dashboard-script', { observed: null, detail: 'no page' }).status, 'unknown');
});
