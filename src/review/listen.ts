import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { ReviewApp } from './server.js';

export interface Listening {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serve the review app over HTTP on host:port (port 0 picks a free one). */
export function listen(app: ReviewApp, host: string, port: number): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
      const shown = host.includes(':') ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((err) => (err ? fail(err) : done()));
            // Keep-alive connections would hold close() open.
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
