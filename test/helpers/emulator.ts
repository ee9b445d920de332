// The local Bot API emulator (telegram-test-api) on 127.0.0.1, for tests that run the bot end to end.
import net from 'node:net';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

/** The emulator needs its port up front; another process may take a just-freed port, so retry. */
export async function startEmulator(): Promise<TelegramServer> {
  for (let attempt = 1; ; attempt++) {
    const server = new TelegramServer({ port: await freePort(), host: '127.0.0.1', storeTimeout: 60 });
    try {
      await server.start();
      return server;
    } catch (err) {
      if (attempt >= 5) throw err;
    }
  }
}
