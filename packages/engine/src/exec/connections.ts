/**
 * The run's connections. One SSH transport per distinct connection (host, port, user, keys …),
 * made on first use and reused by every task; each task gets a cheap view of it carrying that
 * task's become. Local connections are stateless views of this machine.
 */
import type { HostConnection } from '../module-api.js';
import { LocalConnection } from '../connection/local.js';
import { ConnectionError } from '../connection/errors.js';
import { SshConnection } from '../connection/ssh.js';
import { SshTransport } from '../connection/ssh-transport.js';
import { KeptTransport } from '../connection/keeper/kept-transport.js';
import { specKey, type SshSpec } from '../connection/ssh-spec.js';
import type { BecomeSpec } from '../connection/become.js';

export class UnsupportedConnectionError extends ConnectionError {}

export interface ConnectionRequest {
  /** Read lazily: a local connection needs no SSH settings. */
  ssh: () => SshSpec;
  become: BecomeSpec | null;
}

export class ConnectionPool {
  private readonly transports = new Map<string, SshTransport>();

  constructor(private readonly signal?: AbortSignal) {}

  get(host: string, connectionType: string, req: ConnectionRequest = { ssh: () => { throw new UnsupportedConnectionError(`no SSH settings for ${host}`); }, become: null }): HostConnection {
    if (connectionType === 'local') return new LocalConnection(host, {}, req.become, this.signal);
    if (connectionType === 'ssh' || connectionType === 'ansible.builtin.ssh' || connectionType === 'paramiko' || connectionType === 'smart') {
      const spec = req.ssh();
      const key = specKey(spec);
      let t = this.transports.get(key);
      if (!t) {
        // ControlMaster/ControlPersist in the ssh arguments: the connection outlives the run (keeper.ts).
        t = spec.persistS !== undefined ? new KeptTransport(spec) : new SshTransport(spec);
        this.transports.set(key, t);
      }
      return new SshConnection(host, t, req.become, this.signal);
    }
    throw new UnsupportedConnectionError(`the connection plugin '${connectionType}' is not available in pgplay (only 'local' and 'ssh' are); host ${host}`);
  }

  /** How many SSH connections were made per target (tests check reuse with it). */
  connectCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of this.transports.values()) out[t.spec.name] = (out[t.spec.name] ?? 0) + t.connects;
    return out;
  }

  async closeAll(): Promise<void> {
    for (const t of this.transports.values()) t.close();
    this.transports.clear();
  }
}
