/**
 * nginx's built-in error and redirect pages, byte for byte (nginx's ngx_http_special_response.c,
 * `server_tokens off`): a dead upstream, an unknown location, a directory without its slash.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export function nginxStatusPage(status: number, reason: string): string {
  return (
    `<html>\r\n<head><title>${status} ${reason}</title></head>\r\n<body>\r\n` +
    `<center><h1>${status} ${reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`
  );
}

export const NGINX_502_PAGE = nginxStatusPage(502, 'Bad Gateway');
export const NGINX_404_PAGE = nginxStatusPage(404, 'Not Found');
export const NGINX_301_PAGE = nginxStatusPage(301, 'Moved Permanently');

function sendNginxPage(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  page: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    Server: 'nginx',
    'Content-Type': 'text/html',
    'Content-Length': Buffer.byteLength(page),
    ...extra,
  });
  res.end(req.method === 'HEAD' ? undefined : page);
}

export function sendBadGateway(req: IncomingMessage, res: ServerResponse): void {
  sendNginxPage(req, res, 502, NGINX_502_PAGE);
}

export function sendNotFound(req: IncomingMessage, res: ServerResponse): void {
  sendNginxPage(req, res, 404, NGINX_404_PAGE);
}

/**
 * nginx answers a location prefix without its trailing slash with a 301 to the slashed path,
 * absolute (`absolute_redirect on` is nginx's default), query string kept.
 */
export function sendSlashRedirect(
  req: IncomingMessage,
  res: ServerResponse,
  pathWithSlash: string,
  query: string,
): void {
  const secure = Boolean((req.socket as { encrypted?: boolean }).encrypted);
  const host = req.headers.host ?? 'localhost';
  const location = `${secure ? 'https' : 'http'}://${host}${pathWithSlash}${query}`;
  sendNginxPage(req, res, 301, NGINX_301_PAGE, { Location: location });
}
