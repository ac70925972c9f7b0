/**
 * L4's one failure when no Chromium can be had (config/browser.ts): it says what to install, and the
 * browser tests skip pointing here. With a Chromium this file declares no test.
 */
import { BROWSER_CHECK_TITLE, browserMissing, layer, test } from '../fixtures';

if (browserMissing !== undefined) {
  const why = browserMissing;
  test(BROWSER_CHECK_TITLE, { tag: [layer(4)] }, () => {
    throw new Error(why);
  });
}
