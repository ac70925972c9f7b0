// Parts shared by a My Apps card and an app's details page: the app's avatar, and its state badge with version.
import { appVersion, avatar, badge, esc } from '../html.js';
import { t } from '../texts.js';

export function appAvatar(title, entry) {
  return avatar(title, entry['static-files'] && entry['static-files'].icon);
}

export function appMeta(entry) {
  const version = appVersion(entry);
  return `<div class="meta">${badge(entry.state)}${version ? `<span class="version">${esc(t('apps.version', { version }))}</span>` : ''}</div>`;
}
