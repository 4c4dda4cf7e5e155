import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { registerControlRoute } from '../../emulator/control/control-router';
import type { ServiceProvider } from '../../emulator/framework/types';
import { startTestEmulator, type TestEmulator } from './helpers';

interface Counter {
  count: number;
}
// A provider with visible state so reset can be observed through the SDK.
const counter: ServiceProvider<Counter> = {
  service: 'sns',
  scope: 'region',
  createState: () => ({ count: 0 }),
  handlers: {
    CreateTopic: (input, ctx) => {
      const state = ctx.state<Counter>();
      state.count++;
      ctx.runtime.markDirty();
      return { TopicArn: `arn:aws:sns:${ctx.region}:${ctx.accountId}:${input.Name}-${state.count}` };
    },
  },
};
const sts = require('../../emulator/services/sts/provider').provider as ServiceProvider;

describe('control API', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator({ providers: [counter, sts] });
  });
  afterAll(() => emu.stop());

  it('GET /_localstack/health lists services, edition and version', async () => {
    const res = await fetch(`${emu.endpoint}/_localstack/health`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body).toEqual({ services: { sns: 'running', sts: 'running' }, edition: 'labwright', version: expect.stringMatching(/^\d+\.\d+\.\d+/), profile: 'fast', timeScale: 1 });
  });

  it('GET /_emulator/health adds capabilities', async () => {
    const body = (await (await fetch(`${emu.endpoint}/_emulator/health`)).json()) as any;
    expect(body.edition).toBe('labwright');
    expect(body.capabilities).toEqual(expect.arrayContaining(['health', 'reset', 'request-log']));
  });

  it('POST /_emulator/reset empties every store', async () => {
    const { CreateTopicCommand } = await import('@aws-sdk/client-sns');
    const first = await emu.clients.sns.send(new CreateTopicCommand({ Name: 't' }));
    const second = await emu.clients.sns.send(new CreateTopicCommand({ Name: 't' }));
    expect(first.TopicArn).toMatch(/-1$/);
    expect(second.TopicArn).toMatch(/-2$/);
    const res = await fetch(`${emu.endpoint}/_emulator/reset`, { method: 'POST' });
    expect(res.status).toBe(200);
    const after = await emu.clients.sns.send(new CreateTopicCommand({ Name: 't' }));
    expect(after.TopicArn).toMatch(/-1$/);
  });

  it('GET /_emulator/requests lists recent requests without bodies or credentials', async () => {
    await fetch(`${emu.endpoint}/_emulator/reset`, { method: 'POST' });
    await emu.clients.sts.send(new GetCallerIdentityCommand({}));
    const log = (await (await fetch(`${emu.endpoint}/_emulator/requests`)).json()) as any;
    expect(log).toHaveLength(1);
    expect(log[0]).toEqual({
      service: 'sts',
      operation: 'GetCallerIdentity',
      status: 200,
      ms: expect.any(Number),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      // The SDK's retry headers: which attempt of which call (no credentials in either).
      attempt: 1,
      invocationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    expect(JSON.stringify(log)).not.toContain('test');
  });

  it('keeps state apart per account and region', async () => {
    const { CreateTopicCommand } = await import('@aws-sdk/client-sns');
    await fetch(`${emu.endpoint}/_emulator/reset`, { method: 'POST' });
    await emu.clients.sns.send(new CreateTopicCommand({ Name: 'a' }));
    const west = await emu.clientsFor('test', 'eu-west-1').sns.send(new CreateTopicCommand({ Name: 'a' }));
    const other = await emu.clientsFor('222233334444').sns.send(new CreateTopicCommand({ Name: 'a' }));
    expect(west.TopicArn).toBe('arn:aws:sns:eu-west-1:000000000000:a-1');
    expect(other.TopicArn).toBe('arn:aws:sns:us-east-1:222233334444:a-1');
  });

  it('serves routes that engines register, with path parameters and JSON bodies', async () => {
    registerControlRoute('POST', '/_emulator/test-echo/{id}/things', (req) => ({ status: 201, json: { id: req.params.id, body: req.body, q: req.query.get('q') } }), 'test-echo');
    const res = await fetch(`${emu.endpoint}/_emulator/test-echo/i-123/things?q=1`, { method: 'POST', body: JSON.stringify({ a: 1 }) });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ id: 'i-123', body: { a: 1 }, q: '1' });
    const health = (await (await fetch(`${emu.endpoint}/_emulator/health`)).json()) as any;
    expect(health.capabilities).toContain('test-echo');
  });

  it('answers unknown control paths with 404 and wrong methods with 405', async () => {
    expect((await fetch(`${emu.endpoint}/_emulator/nothing-here`)).status).toBe(404);
    expect((await fetch(`${emu.endpoint}/_emulator/reset`)).status).toBe(405);
  });
});
