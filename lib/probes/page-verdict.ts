/**
 * Decides whether an HTTP answer is a usable page: 200, a body, not nginx's error page, not an
 * "is starting…" placeholder, not an empty SPA shell, and it shows the catalogue's marker text.
 * Returns null when the page is good, else a short reason (without node/app/cell: the caller adds them).
 */

export interface PageAnswer {
  status: number;
  body: string;
}

const NGINX_ERROR = /<center>\s*nginx[^<]*<\/center>|<title>\s*(50\d|40\d)\s[^<]*<\/title>/i;
const STARTING_PLACEHOLDER = /\bis starting(…|\.\.\.)?|\bstarting up\b|please wait while .* starts/i;

/** Visible text of an HTML document: scripts, styles, comments and tags removed, whitespace collapsed. */
export function visibleText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|noscript|template)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<title\b[\s\S]*?<\/title>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function isNginxErrorPage(body: string): boolean {
  return NGINX_ERROR.test(body);
}

/** A page that is only a mount point (`<div id="app"></div>`) plus scripts, with nothing rendered. */
export function isEmptySpaShell(body: string): boolean {
  const looksHtml = /<html|<body|<div/i.test(body);
  return looksHtml && visibleText(body).length === 0;
}

/**
 * `marker` null: only what the evidence guarantees of a working page (archy-TESTING L2: "return 200
 * with non-empty bodies"; not nginx's error page, not the "is starting…" placeholder of §4.4).
 */
export function pageProblem(answer: PageAnswer, marker: string | null): string | null {
  const nginx = isNginxErrorPage(answer.body);
  if (answer.status !== 200) return `answered ${answer.status}${nginx ? ' (nginx error page)' : ''}`;
  if (answer.body.trim().length === 0) return 'answered 200 with an empty body';
  if (nginx) return 'answered 200 with an nginx error page';
  const text = visibleText(answer.body);
  if (STARTING_PLACEHOLDER.test(text)) return `shows a placeholder ("${text.slice(0, 80)}")`;
  if (isEmptySpaShell(answer.body)) return 'answered an empty SPA shell (no visible text)';
  if (marker !== null && !answer.body.toLowerCase().includes(marker.toLowerCase())) {
    return `does not show the marker "${marker}" (visible text: "${text.slice(0, 120)}")`;
  }
  return null;
}
