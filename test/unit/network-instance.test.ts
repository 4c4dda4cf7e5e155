import { request } from 'node:http';
import { Client, utils } from 'ssh2';
import { systemClock } from '../../core/clock';
import { poll } from '../../core/poll';
import { FlowTable, type FlowHandle } from '../../emulator/capture/flow-table';
import { loginConfig } from '../../emulator/network/cloud-config';
import { InstanceNetwork } from '../../emulator/network/instance-network';
import type { IngressPermission } from '../../emulator/network/security-groups';

const HTTP_AND_SSH: IngressPermission[] = [
  { ipProtocol: 'tcp', fromPort: 22, toPort: 22, cidrs: ['0.0.0.0/0'], groupIds: [] },
  { ipProtocol: 'tcp', fromPort: 80, toPort: 80, cidrs: ['0.0.0.0/0'], groupIds: [] },
];
const HTTP_ONLY: IngressPermission[] = [HTTP_AND_SSH[1]];
const USER_DATA = '#cloud-config\nssh_pwauth: true\nusers:\n  - default\n  - name: cloud_user\n    lock_passwd: false\nchpasswd:\n  list: |\n    cloud_user:Lab-Passw0rd!\n  expire: false\n';

// A login that should succeed gets 30 s: a handshake is CPU work on a loaded machine.
function ssh(port: number, auth: { username: string; password?: string; privateKey?: string }, readyTimeout = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on('ready', () =>
      c.exec('whoami', (err, stream) => {
        if (err) return reject(err);
        let out = '';
        stream.on('data', (d: Buffer) => (out += d)).on('close', () => (c.end(), resolve(out.trim())));
      }),
    );
    c.on('error', reject);
    c.connect({ host: '127.0.0.1', port, readyTimeout, ...auth });
  });
}

function httpGet(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    }).on('error', reject).end();
  });
}

const FIN = 1;

/** A flow table that also remembers the TCP flags seen per (direction, action, instance port), so a test can wait for a connection's FIN instead of guessing a delay. */
class WatchedFlowTable extends FlowTable {
  private flags = new Map<string, number>();

  override open(f: Parameters<FlowTable['open']>[0]): FlowHandle {
    const handle = super.open(f);
    const key = flagKey(f.direction, f.action, f.direction === 'ingress' ? f.dstPort : f.srcPort);
    return {
      add: (packets, bytes, tcpFlags, atMs) => {
        handle.add(packets, bytes, tcpFlags, atMs);
        this.flags.set(key, (this.flags.get(key) ?? 0) | tcpFlags);
      },
    };
  }

  override drain() {
    this.flags.clear();
    return super.drain();
  }

  /** Waits until a flow on this instance port has carried the flag (FIN: the connection has closed). */
  async seen(direction: 'ingress' | 'egress', action: 'ACCEPT' | 'REJECT', port: number, flag: number): Promise<void> {
    await poll(async () => (((this.flags.get(flagKey(direction, action, port)) ?? 0) & flag) === flag ? { done: true, value: true } : { done: false }), {
      description: `${direction} ${action} port ${port} flag ${flag}`, budgetMs: 10_000, intervalsMs: [5],
    });
  }
}

function flagKey(direction: string, action: string, port: number): string {
  return `${direction}|${action}|${port}`;
}

describe('instance network: front doors with security groups, SSH and HTTP, flow accounting', () => {
  const flows = new WatchedFlowTable();
  const net = new InstanceNetwork(flows, systemClock, () => '198.51.100.7');
  let permissions = HTTP_AND_SSH;
  const keys = utils.generateKeyPairSync('ecdsa', { bits: 256 });

  beforeAll(() =>
    net.attach({
      instanceId: 'i-0123456789abcdef0',
      hostname: 'ip-10-0-1-25.ec2.internal',
      eni: () => ({ eniId: 'eni-0aaa', privateIp: '10.0.1.25' }),
      permissions: () => permissions,
      login: () => loginConfig(USER_DATA, keys.public),
    }),
  );
  afterAll(() => net.close());

  test('an allowed SSH login with the cloud-config password runs commands and becomes ACCEPT flows both ways', async () => {
    flows.drain();
    const port = net.ports('i-0123456789abcdef0')!['22'].port;
    expect(await ssh(port, { username: 'cloud_user', password: 'Lab-Passw0rd!' })).toBe('cloud_user');
    // The client has closed; the instance side counts the FINs when it sees that close.
    await flows.seen('ingress', 'ACCEPT', 22, FIN);
    const samples = flows.drain();
    const inbound = samples.find((s) => s.direction === 'ingress')!;
    const outbound = samples.find((s) => s.direction === 'egress')!;
    expect(inbound).toMatchObject({ eniId: 'eni-0aaa', srcAddr: '198.51.100.7', dstAddr: '10.0.1.25', dstPort: 22, protocol: 6, action: 'ACCEPT' });
    expect(outbound).toMatchObject({ srcAddr: '10.0.1.25', dstAddr: '198.51.100.7', srcPort: 22, dstPort: inbound.srcPort, action: 'ACCEPT' });
    expect(inbound.bytes).toBeGreaterThan(1000); // the SSH handshake is real traffic
    expect(inbound.packets).toBeGreaterThan(3);
    expect(inbound.tcpFlags & 3).toBe(3); // SYN and FIN seen in the window
  });

  test('the key pair authenticates ec2-user; a wrong password is refused', async () => {
    const port = net.ports('i-0123456789abcdef0')!['22'].port;
    expect(await ssh(port, { username: 'ec2-user', privateKey: keys.private })).toBe('ec2-user');
    await expect(ssh(port, { username: 'cloud_user', password: 'wrong' })).rejects.toThrow(/authentication methods failed/);
  });

  test('after a swap to HTTP-only, SSH times out silently and is a REJECT; HTTP still answers', async () => {
    permissions = HTTP_ONLY;
    flows.drain();
    const ports = net.ports('i-0123456789abcdef0')!;
    await expect(ssh(ports['22'].port, { username: 'cloud_user', password: 'Lab-Passw0rd!' }, 800)).rejects.toThrow(/Timed out while waiting for handshake/);
    const page = await httpGet(ports['80'].port);
    expect(page.status).toBe(200);
    expect(page.body).toContain('Instance i-0123456789abcdef0');
    await flows.seen('ingress', 'ACCEPT', 80, FIN);
    const samples = flows.drain();
    const rejected = samples.filter((s) => s.action === 'REJECT');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ dstPort: 22, srcAddr: '198.51.100.7', dstAddr: '10.0.1.25', tcpFlags: 2 });
    expect(samples.some((s) => s.action === 'ACCEPT' && s.dstPort === 80)).toBe(true);
    permissions = HTTP_AND_SSH;
  });
});
