import net from 'node:net';
import { Daemon, findBinary, startDaemon } from '@paved/kubernetes-test-utils';

export const REDIS_BINARY = findBinary(
  '/usr/bin/redis-server',
  '/usr/local/bin/redis-server',
);

function pings(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1000, () => socket.destroy());
    socket.once('error', () => resolve(false));
    socket.once('data', d => {
      socket.end();
      resolve(String(d).startsWith('+PONG'));
    });
    socket.write('PING\r\n');
  });
}

/** A throwaway Redis on loopback: no persistence, no other interface. */
export function startRedis(): Promise<Daemon> {
  return startDaemon({
    binary: REDIS_BINARY!,
    args: (port, dir) => [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ],
    ready: (_url, port) => pings(port),
  });
}
