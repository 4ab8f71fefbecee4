import { createServer, type Server } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { ReceivedMail } from './mail-server.ts';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char]!,
  );

/** The received mails, newest first, as one plain page. */
export function renderMailbox(mails: readonly ReceivedMail[]): string {
  const items = [...mails]
    .reverse()
    .map(
      (mail) => `<article>
  <h2>${escapeHtml(mail.subject || '(no subject)')}</h2>
  <p class="meta">${escapeHtml(mail.receivedAt.toISOString())} · to ${escapeHtml(mail.envelopeTo.join(', '))}</p>
  <pre>${escapeHtml(mail.text)}</pre>
</article>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="ja">
<head><meta charset="utf-8"><title>開発用メールボックス / Development mailbox</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:16px/1.6 system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}
article{border-top:1px solid #888;padding:.5rem 0}.meta{color:#444}pre{white-space:pre-wrap}</style>
</head>
<body>
<h1>開発用メールボックス / Development mailbox</h1>
<p>${mails.length} 通 / mails received by the development SMTP server (kept in memory, newest first).</p>
${items || '<p>まだありません。/ None yet.</p>'}
</body>
</html>`;
}

/** Serves the mailbox page at `/` and the same mails as JSON at `/mails.json`, on loopback. */
export async function startMailboxPage(options: {
  mails: readonly ReceivedMail[];
  host?: string;
  port?: number;
}): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    if (request.method !== 'GET') {
      response.writeHead(405).end();
      return;
    }
    if (request.url === '/mails.json') {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify([...options.mails].reverse()));
      return;
    }
    if (request.url === '/' || request.url === '') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end(renderMailbox(options.mails));
      return;
    }
    response.writeHead(404).end();
  });
  server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
