/**
 * The small HTML pages the simulated app UIs serve: a title, a heading and labelled live values.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface AppPage {
  title: string;
  heading: string;
  /** Label → value rows, shown as a definition list (`<dt>Block height</dt><dd>840000</dd>`). */
  values: Array<[string, string | number]>;
  note?: string;
}

export function renderAppPage(page: AppPage): string {
  const rows = page.values
    .map(
      ([label, value]) =>
        `    <dt>${escapeHtml(label)}</dt><dd data-label="${escapeHtml(label)}">${escapeHtml(String(value))}</dd>`,
    )
    .join('\n');
  const note = page.note ? `  <p>${escapeHtml(page.note)}</p>\n` : '';
  return (
    `<!doctype html>\n<html lang="en">\n<head>\n  <meta charset="utf-8">\n  <title>${escapeHtml(page.title)}</title>\n</head>\n` +
    `<body>\n  <h1>${escapeHtml(page.heading)}</h1>\n${note}  <dl>\n${rows}\n  </dl>\n</body>\n</html>\n`
  );
}

export function sendHtml(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(html),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : html);
}

export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}

export function sendText(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}
