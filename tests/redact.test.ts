import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { REDACTED, Redactor } from '../lib/redact';
import { listFiles, redactContent, redactFile, sweepDirs } from '../lib/redact-files';
import { readZip, writeZip } from '../lib/redact-zip';
import { sweepChangedSince } from '../lib/redact-run';

const PASSWORD = 'Zebra-Quartz-7741';

describe('Redactor', () => {
  test('replaces a known password, also JSON- and URL-encoded', () => {
    const r = new Redactor(['pa"ss word!x']);
    const text = `fill("pa\\"ss word!x") body=pa%22ss%20word!x raw=pa"ss word!x`;
    const out = r.redact(text);
    assert.equal(out.includes('pa'), false, out);
    assert.equal(out.split(REDACTED).length - 1, 3);
  });

  test('learns cookie, CSRF and password values and removes them everywhere', () => {
    const r = new Redactor();
    const header = 'set-cookie: session=abc123def456; HttpOnly\nset-cookie: csrf_token=0011223344556677; Path=/';
    const json =
      '{"name":"X-CSRF-Token","value":"0011223344556677"} {"name":"remember","value":"rememberme-token-9"} {"password":"hunter2hunter2"}';
    r.learnFrom(header);
    r.learnFrom(json);
    const later = 'token abc123def456 and rememberme-token-9 and hunter2hunter2 in a page snapshot';
    const out = r.redact(later);
    assert.equal(out, `token ${REDACTED} and ${REDACTED} and ${REDACTED} in a page snapshot`);
    assert.equal(r.redact(header).includes('abc123def456'), false);
  });

  test('escaped JSON inside JSON (trace params) is covered', () => {
    const r = new Redactor();
    const trace = JSON.stringify({
      params: { jsonData: JSON.stringify({ method: 'auth.login', params: { password: 'escaped-secret-1' } }) },
    });
    const out = r.redact(trace);
    assert.equal(out.includes('escaped-secret-1'), false, out);
  });

  test('short values are not replaced globally', () => {
    const r = new Redactor(['abc']);
    assert.equal(r.redact('abcdef'), 'abcdef');
  });
});

describe('zip rewriting', () => {
  test('writeZip output is a valid zip (unzip -t) and reads back', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'redact-zip-'));
    const file = path.join(dir, 'a.zip');
    writeFileSync(
      file,
      writeZip([
        { name: 'trace.trace', data: Buffer.from('hello') },
        { name: 'resources/x.dat', data: Buffer.alloc(1000, 7) },
      ]),
    );
    execFileSync('unzip', ['-t', file]);
    const entries = readZip(readFileSync(file));
    assert.deepEqual(
      entries.map((e) => e.name),
      ['trace.trace', 'resources/x.dat'],
    );
    assert.equal(entries[0]!.data.toString(), 'hello');
  });

  test('a zip made by the zip CLI is rewritten with the secret gone', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'redact-zip-'));
    writeFileSync(path.join(dir, 'trace.network'), `{"request":{"postData":"{\\"password\\":\\"${PASSWORD}\\"}"}}`);
    writeFileSync(path.join(dir, 'image.bin'), Buffer.from([0, 1, 2, 3]));
    execFileSync('zip', ['-q', 'trace.zip', 'trace.network', 'image.bin'], { cwd: dir });
    const zipFile = path.join(dir, 'trace.zip');
    assert.equal(redactFile(zipFile, new Redactor([PASSWORD])), true);
    const text = execFileSync('unzip', ['-p', zipFile, 'trace.network']).toString();
    assert.equal(text.includes(PASSWORD), false, text);
    assert.match(text, /\[REDACTED\]/);
  });

  test('a zip embedded as a data URL (HTML report) is rewritten', () => {
    const inner = writeZip([{ name: 'report.json', data: Buffer.from(`{"title":"Fill \\"${PASSWORD}\\""}`) }]);
    const html = Buffer.from(
      `<script>window.playwrightReportBase64 = "data:application/zip;base64,${inner.toString('base64')}";</script>`,
    );
    const out = redactContent(html, new Redactor([PASSWORD]));
    const b64 = /base64,([A-Za-z0-9+/=]+)/.exec(out.toString())![1]!;
    const entry = readZip(Buffer.from(b64, 'base64'))[0]!;
    assert.equal(entry.data.toString().includes(PASSWORD), false);
  });

  test('sweepDirs learns a cookie in one file and removes it from another', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'redact-sweep-'));
    writeFileSync(path.join(dir, 'a.txt'), 'cookie: session=learned-cookie-value-1');
    writeFileSync(path.join(dir, 'b.md'), 'the page showed learned-cookie-value-1');
    const r = new Redactor();
    const changed = sweepDirs([dir], r);
    assert.equal(changed.length, 2);
    for (const f of ['a.txt', 'b.md'])
      assert.equal(readFileSync(path.join(dir, f), 'utf8').includes('learned-cookie-value-1'), false);
  });

  test('files another worker removes during a sweep are skipped, never re-created, never an error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'redact-race-'));
    const resource = path.join(dir, '.playwright-artifacts-1', 'traces', 'resources', 'gone.json');
    execFileSync('mkdir', ['-p', path.dirname(resource)]);
    writeFileSync(resource, `{"password":"${PASSWORD}"}`);
    const listed = listFiles(dir);
    assert.deepEqual(listed, [resource]);
    rmSync(path.join(dir, '.playwright-artifacts-1'), { recursive: true }); // the worker cleaned up
    assert.equal(redactFile(resource, new Redactor([PASSWORD])), false);
    assert.equal(existsSync(resource), false);
    assert.deepEqual(listFiles(path.join(dir, '.playwright-artifacts-1')), []);
    assert.deepEqual(sweepDirs([dir], new Redactor([PASSWORD])), []);
  });

  test("a worker's sweep rewrites its own tests' folders only, never a trace another worker is still writing", () => {
    const results = mkdtempSync(path.join(tmpdir(), 'redact-own-'));
    const own = path.join(results, 'preflight-node-a');
    const other = path.join(results, '.playwright-artifacts-2', 'traces', 'resources');
    execFileSync('mkdir', ['-p', own, other]);
    writeFileSync(path.join(own, 'error-context.md'), `filled ${PASSWORD}`);
    const live = path.join(other, 'login.json');
    writeFileSync(live, `{"password":"${PASSWORD}"}`);
    const changed = sweepChangedSince([own], Date.now() - 5_000, new Redactor([PASSWORD]));
    assert.deepEqual(changed, [path.join(own, 'error-context.md')]);
    assert.equal(readFileSync(path.join(own, 'error-context.md'), 'utf8').includes(PASSWORD), false);
    assert.equal(readFileSync(live, 'utf8'), `{"password":"${PASSWORD}"}`, "the other worker's file is as it wrote it");
  });
});
