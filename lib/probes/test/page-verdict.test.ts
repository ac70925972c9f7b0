import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageProblem, visibleText } from '../page-verdict';
import { NGINX_502 } from './fake-surfaces';

test('a page with the marker passes', () => {
  assert.equal(
    pageProblem(
      { status: 200, body: '<html><title>LND</title><h1>Lightning</h1><p>Block height 120</p></html>' },
      'Lightning',
    ),
    null,
  );
});

test("nginx's 502 page is named as such", () => {
  assert.equal(pageProblem({ status: 502, body: NGINX_502 }, 'Lightning'), 'answered 502 (nginx error page)');
});

test('an nginx error page served with 200 is caught', () => {
  assert.equal(pageProblem({ status: 200, body: NGINX_502 }, 'Lightning'), 'answered 200 with an nginx error page');
});

test('empty body, placeholder, SPA shell and missing marker are each told apart', () => {
  assert.equal(pageProblem({ status: 200, body: '  ' }, 'x'), 'answered 200 with an empty body');
  assert.match(pageProblem({ status: 200, body: '<p>LND is starting…</p>' }, 'LND') ?? '', /placeholder/);
  assert.match(
    pageProblem(
      {
        status: 200,
        body: '<html><head><title>Lightning</title><script src="/a.js"></script></head><body><div id="app"></div></body></html>',
      },
      'Lightning',
    ) ?? '',
    /empty SPA shell/,
  );
  assert.match(
    pageProblem({ status: 200, body: '<h1>Something else</h1>' }, 'Fedimint') ?? '',
    /does not show the marker "Fedimint"/,
  );
});

test('visible text drops scripts, styles and tags', () => {
  assert.equal(visibleText('<style>a{}</style><script>x()</script><h1>Hi</h1> <b>there</b>'), 'Hi there');
});
