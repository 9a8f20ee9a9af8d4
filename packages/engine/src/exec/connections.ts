/**
 * One connection per host for the whole run, made on first use. Local for localhost and
 * `ansible_connection: local`; other transports arrive with the SSH connection.
 */
import type { HostConnection } from '../module-api.js';
import { LocalConnection } from '../connection/local.js';

export class UnsupportedConnectionError extends Error {}

export class ConnectionPool {
  private readonly pool = new Map<string, HostConnection>();

  get(host: string, connectionType: string): HostConnection {
    const key = `${connectionType}:${host}`;
    let c = this.pool.get(key);
    if (!c) {
      if (connectionType !== 'local') {
        throw new UnsupportedConnectionError(`the connection plugin '${connectionType}' is not available in pgplay yet (only 'local' is); host ${host}`);
      }
      c = new LocalConnection(host);
      this.pool.set(key, c);
    }
    return c;
  }

  async closeAll(): Promise<void> {
    this.pool.clear();
  }
}
