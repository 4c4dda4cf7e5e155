// A refused connection is a dropped SYN: the client retransmits it on its own schedule while it is
// still trying and stops when it gives up, however it gives up. The front door runs on a FakeClock so
// "time after the client left" is exact: once the door let go of the socket, advancing that clock by
// minutes must not add a single REJECT packet.
import { spawn, spawnSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { Client } from 'ssh2';
import { FakeClock } from '../../core/clock';
import { FlowTable } from '../../emulator/capture/flow-table';
import { openFrontDoor, type FrontDoor } from '../../emulator/network/front-door';

const ENI = { eniId: 'eni-0123456789abcdef0', privateIp: '10.0.1.10' };
const HAVE_SSH = spawnSync('ssh', ['-V']).status === 0;

describe('front door: a refused SYN is retransmitted only while the client tries', () => {
  let clock: FakeClock;
  let flows: FlowTable;
  let door: FrontDoor;
  beforeEach(async () => {
    clock = new FakeClock();
    flows = new FlowTable();
    door = await openFrontDoor({
      instancePort: 22,
      eni: () => ENI,
      clientIp: () => '192.0.2.44',
      decide: () => false,
      serve: () => {
        throw new Error('a refused connection is never served');
      },
      flows,
      clock,
    });
  });
  afterEach(() => door.close());

  /** Waits until the door holds a connection (its first retransmission timer is set). */
  const held = () => until(() => clock.pending > 0);
  /** Waits until the door let go of every held connection (no retransmission timer left). */
  const released = () => until(() => clock.pending === 0);
  const rejectPackets = () =>
    flows
      .drain()
      .filter((f) => f.action === 'REJECT')
      .reduce((n, f) => n + f.packets, 0);

  it('retransmits at 1, 3 and 7 s while a silent client waits, then stops when it closes', async () => {
    const socket = await open(door);
    await held();
    await clock.advance(7_000);
    socket.destroy();
    await released();
    await clock.advance(200_000);
    const records = flows.drain();
    expect(records).toEqual([expect.objectContaining({ action: 'REJECT', direction: 'ingress', dstPort: 22, srcAddr: '192.0.2.44', dstAddr: ENI.privateIp, packets: 4, tcpFlags: 2 })]);
  });

  it('stops retransmitting when a raw client sends its version string and closes', async () => {
    const socket = await open(door);
    socket.end('SSH-2.0-raw_client\r\n');
    await held();
    await released();
    await clock.advance(200_000);
    expect(rejectPackets()).toBe(1);
  });

  it('stops retransmitting when a client that sent bytes resets the connection', async () => {
    const socket = await open(door);
    socket.write('SSH-2.0-raw_client\r\n');
    await held();
    await clock.advance(1_000);
    socket.resetAndDestroy();
    await released();
    await clock.advance(200_000);
    expect(rejectPackets()).toBe(2);
  });

  it('stops retransmitting when ssh2 gives up at its ready timeout', async () => {
    const client = new Client();
    const gaveUp = new Promise<Error>((resolve) => client.on('error', resolve));
    client.connect({ host: door.host, port: door.port, username: 'ec2-user', password: 'x', readyTimeout: 3000 });
    expect((await gaveUp).message).toMatch(/Timed out while waiting for handshake/);
    client.end();
    await released();
    await clock.advance(200_000);
    expect(rejectPackets()).toBe(1);
  });

  (HAVE_SSH ? it : it.skip)('stops retransmitting when OpenSSH gives up at ConnectTimeout=5', async () => {
    const exit = await runSsh(['-o', 'ConnectTimeout=5']);
    expect(exit.code).toBe(255);
    expect(exit.stderr).toMatch(/timed out/i);
    await released();
    await clock.advance(200_000);
    expect(rejectPackets()).toBe(1);
  });

  (HAVE_SSH ? it : it.skip)('stops retransmitting when OpenSSH is killed while waiting', async () => {
    const child = spawn('ssh', sshArgs(door, []), { stdio: 'ignore' });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    await held();
    await clock.advance(3_000);
    child.kill('SIGKILL');
    await exited;
    await released();
    await clock.advance(200_000);
    expect(rejectPackets()).toBe(3);
  });

  function runSsh(extra: string[]): Promise<{ code: number | null; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn('ssh', sshArgs(door, extra), { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.once('close', (code) => resolve({ code, stderr }));
    });
  }
});

function sshArgs(door: FrontDoor, extra: string[]): string[] {
  return ['-p', String(door.port), '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-F', '/dev/null', ...extra, `ec2-user@${door.host}`, 'true'];
}

function open(door: FrontDoor): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(door.port, door.host, () => resolve(socket));
    socket.once('error', reject);
  });
}

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((r) => setTimeout(r, 20));
}
