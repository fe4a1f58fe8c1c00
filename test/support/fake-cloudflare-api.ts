import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the fake does with one request: answer it, never answer, or reset the connection. */
export type Answer = { status: number; headers?: Record<string, string>; body: unknown } | 'hang' | 'reset';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FakeApi {
  /** The base URL to give as apiBase / NASHRA_CLOUDFLARE_API_BASE. */
  base: string;
  received: Received[];
  close: () => Promise<void>;
}

/** Cloudflare's API on 127.0.0.1, answering each request with the next of `answers`, in order. */
export async function startFakeApi(answers: Answer[]): Promise<FakeApi> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      // A request past the script fails loudly: the test's count of requests shows it too.
      const answer = answers[received.length - 1] ?? { status: 599, body: { success: false, errors: [{ code: 0, message: 'unexpected request' }] } };
      if (answer === 'hang') return;
      if (answer === 'reset') return req.socket.resetAndDestroy();
      res.writeHead(answer.status, { 'Content-Type': 'application/json', ...answer.headers });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise((closed) => {
        // Requests left hanging hold their sockets open; close would wait for them forever.
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}

/** Cloudflare's answer to a purge it accepted (API reference, "Purge Cached Content"). */
export const purged = { status: 200, body: { success: true, errors: [], messages: [], result: { id: '023e105f4ecef8ad9ca31a8372d0c353' } } };
