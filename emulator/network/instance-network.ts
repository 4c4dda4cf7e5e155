import type { Clock } from '../../core/clock';
import type { FlowTable } from '../capture/flow-table';
import type { LoginConfig } from './cloud-config';
import { openFrontDoor, type FrontDoor } from './front-door';
import { isAllowed, type IngressPermission } from './security-groups';
import { startSshDaemon, type SshDaemon } from './ssh-server';
import { startWebServer, type WebServer } from './web-server';

/** What the network needs to know about a running instance; getters are read live. */
export interface NetworkedInstance {
  instanceId: string;
  eni(): { eniId: string; privateIp: string } | undefined;
  /** Ingress permissions of the ENI's current security groups. */
  permissions(): IngressPermission[];
  login(): LoginConfig;
  hostname: string;
}

interface Attached {
  doors: Map<number, FrontDoor>;
  ssh: SshDaemon;
  web: WebServer;
}

/** `{"22":{"host","port"},"80":{…}}`, as the control API answers. */
export type PortMap = Record<string, { host: string; port: number }>;

/**
 * Gives each running instance real SSH and HTTP servers on loopback behind front doors that apply
 * its current security groups, and feeds every connection into the flow table.
 */
export class InstanceNetwork {
  private attached = new Map<string, Attached>();
  private pending = new Map<string, Promise<void>>();

  constructor(
    private readonly flows: FlowTable,
    private readonly clock: Clock,
    private readonly clientIp: () => string,
    private readonly host = '127.0.0.1',
  ) {}

  /** Starts the instance's servers (idempotent). */
  async attach(instance: NetworkedInstance): Promise<void> {
    if (this.attached.has(instance.instanceId)) return;
    const running = this.pending.get(instance.instanceId);
    if (running) return running;
    const start = (async () => {
      const privateIp = () => instance.eni()?.privateIp ?? '';
      const ssh = startSshDaemon(instance.login, { hostname: instance.hostname, instanceId: instance.instanceId, privateIp: privateIp() });
      const web = startWebServer(() => instance.instanceId, privateIp);
      const doors = new Map<number, FrontDoor>();
      for (const [port, serve] of [[22, ssh.serve], [80, web.serve]] as const) {
        doors.set(
          port,
          await openFrontDoor(
            { instancePort: port, eni: instance.eni, clientIp: this.clientIp, decide: (a) => isAllowed(instance.permissions(), a), serve, flows: this.flows, clock: this.clock },
            this.host,
          ),
        );
      }
      this.attached.set(instance.instanceId, { doors, ssh, web });
    })();
    this.pending.set(instance.instanceId, start);
    try {
      await start;
    } finally {
      this.pending.delete(instance.instanceId);
    }
  }

  /** Stops the instance's servers (terminated or stopped instances). */
  async detach(instanceId: string): Promise<void> {
    const a = this.attached.get(instanceId);
    if (!a) return;
    this.attached.delete(instanceId);
    a.ssh.close();
    a.web.close();
    await Promise.all([...a.doors.values()].map((d) => d.close()));
  }

  /** The loopback address of each of the instance's ports, or undefined when it has no servers. */
  ports(instanceId: string): PortMap | undefined {
    const a = this.attached.get(instanceId);
    if (!a) return undefined;
    const out: PortMap = {};
    for (const [port, door] of a.doors) out[String(port)] = { host: door.host, port: door.port };
    return out;
  }

  /** The SSH host key of an instance (OpenSSH public form). */
  hostKey(instanceId: string): string | undefined {
    return this.attached.get(instanceId)?.ssh.hostPublicKey;
  }

  /** Instance ids with servers. */
  instanceIds(): string[] {
    return [...this.attached.keys()];
  }

  /** Stops every server. */
  async close(): Promise<void> {
    await Promise.all([...this.attached.keys()].map((id) => this.detach(id)));
  }
}
