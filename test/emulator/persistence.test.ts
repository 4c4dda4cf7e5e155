import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceProvider } from '../../emulator/framework/types';
import { SnapshotStore } from '../../emulator/persistence/snapshot-store';
import { startTestEmulator } from './helpers';

interface Objects {
  items: Record<string, { body: Buffer; at: number }>;
}
// A small provider whose state holds Buffers, so the snapshot's binary handling is exercised end to end.
const store: ServiceProvider<Objects> = {
  service: 'sns',
  scope: 'region',
  createState: () => ({ items: {} }),
  handlers: {
    Publish: (input, ctx) => {
      const body = input.Message === 'big' ? Buffer.alloc(100_000, 7) : Buffer.from(input.Message);
      ctx.state<Objects>().items[input.Subject] = { body, at: ctx.clock.now() };
      ctx.runtime.markDirty();
      return { MessageId: input.Subject };
    },
    GetTopicAttributes: (input, ctx) => {
      const item = ctx.state<Objects>().items[input.TopicArn];
      return { Attributes: item ? { Size: String(item.body.length), Head: item.body.subarray(0, 5).toString('hex') } : {} };
    },
  },
};

async function publish(emu: Awaited<ReturnType<typeof startTestEmulator>>, Subject: string, Message: string): Promise<void> {
  const { PublishCommand } = await import('@aws-sdk/client-sns');
  await emu.clients.sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:t', Subject, Message }));
}
async function attributes(emu: Awaited<ReturnType<typeof startTestEmulator>>, key: string): Promise<Record<string, string> | undefined> {
  const { GetTopicAttributesCommand } = await import('@aws-sdk/client-sns');
  return (await emu.clients.sns.send(new GetTopicAttributesCommand({ TopicArn: key }))).Attributes;
}

describe('persistence with --data-dir', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lw-emu-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps state, small and large Buffers included, across a restart', async () => {
    const first = await startTestEmulator({ dataDir: dir, providers: [store] });
    await publish(first, 'small', 'hello');
    await publish(first, 'large', 'big');
    await first.stop();
    expect(readdirSync(join(dir, 'blobs'))).toHaveLength(1);
    const second = await startTestEmulator({ dataDir: dir, providers: [store] });
    try {
      expect(await attributes(second, 'small')).toEqual({ Size: '5', Head: Buffer.from('hello').toString('hex') });
      expect(await attributes(second, 'large')).toEqual({ Size: '100000', Head: '0707070707' });
    } finally {
      await second.stop();
    }
  });

  it('has the snapshot on disk before the response is sent', async () => {
    const emu = await startTestEmulator({ dataDir: dir, providers: [store] });
    try {
      await publish(emu, 'acked', 'durable');
      const text = readFileSync(join(dir, 'state.json'), 'utf8');
      expect(text).toContain('"acked"');
      expect(text).toContain(Buffer.from('durable').toString('base64'));
    } finally {
      await emu.stop();
    }
  });

  it('leaves the previous snapshot readable when a write is interrupted before the rename', () => {
    const before = new SnapshotStore(dir);
    before.save({ sns: { 'x/y': { items: { kept: { body: Buffer.from('v1'), at: 1 } } } } });
    const crashing = new SnapshotStore(dir, () => {
      throw new Error('power cut');
    });
    expect(() => crashing.save({ sns: { 'x/y': { items: { lost: { body: Buffer.from('v2'), at: 2 } } } } })).toThrow('power cut');
    expect(readdirSync(dir).some((n) => n.startsWith('state.json.tmp'))).toBe(true);
    writeFileSync(join(dir, 'state.json.tmp-999-0'), '{"format":1,"state":{"sns":'); // a torn temp file
    const loaded = new SnapshotStore(dir).load() as any;
    expect(loaded.sns['x/y'].items.kept.body).toEqual(Buffer.from('v1'));
    expect(loaded.sns['x/y'].items.lost).toBeUndefined();
    expect(readdirSync(dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });

  it('does not acknowledge a request whose snapshot could not be written', async () => {
    const emu = await startTestEmulator({ dataDir: dir, providers: [store] });
    try {
      await publish(emu, 'ok', 'v1');
      rmSync(dir, { recursive: true, force: true }); // the data directory vanishes under the emulator
      const { PublishCommand } = await import('@aws-sdk/client-sns');
      await expect(emu.clients.sns.send(new PublishCommand({ TopicArn: 't', Subject: 'nope', Message: 'v2' }))).rejects.toMatchObject({ name: 'InternalFailure', $metadata: { httpStatusCode: 500 } });
    } finally {
      await emu.stop().catch(() => undefined);
    }
  });

  it('refuses to start on a corrupt snapshot, naming the file', () => {
    writeFileSync(join(dir, 'state.json'), '{not json');
    expect(() => new SnapshotStore(dir).load()).toThrow(/state\.json cannot be read/);
  });

  it('persists reset as empty state', async () => {
    const emu = await startTestEmulator({ dataDir: dir, providers: [store] });
    await publish(emu, 'gone', 'x');
    await fetch(`${emu.endpoint}/_emulator/reset`, { method: 'POST' });
    await emu.stop();
    const again = await startTestEmulator({ dataDir: dir, providers: [store] });
    try {
      expect(await attributes(again, 'gone')).toEqual({});
    } finally {
      await again.stop();
    }
  });
});
