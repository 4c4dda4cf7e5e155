import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { startTestEmulator, type TestEmulator } from './helpers';

describe('STS GetCallerIdentity through the real SDK', () => {
  let emu: TestEmulator;
  beforeAll(async () => {
    emu = await startTestEmulator();
  });
  afterAll(() => emu.stop());

  it('answers the default account 000000000000 for a non-numeric access key id', async () => {
    const out = await emu.clients.sts.send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe('000000000000');
    expect(out.Arn).toBe('arn:aws:iam::000000000000:root');
    expect(out.UserId).toBe('000000000000');
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.$metadata.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('treats a 12-digit access key id as the account id', async () => {
    const out = await emu.clientsFor('123456789012').sts.send(new GetCallerIdentityCommand({}));
    expect(out.Account).toBe('123456789012');
    expect(out.Arn).toBe('arn:aws:iam::123456789012:root');
  });

  it('uses the configured default account', async () => {
    const other = await startTestEmulator({ accountId: '111122223333' });
    try {
      const out = await other.clients.sts.send(new GetCallerIdentityCommand({}));
      expect(out.Account).toBe('111122223333');
    } finally {
      await other.stop();
    }
  });

  it('gives every response a fresh request id', async () => {
    const a = await emu.clients.sts.send(new GetCallerIdentityCommand({}));
    const b = await emu.clients.sts.send(new GetCallerIdentityCommand({}));
    expect(a.$metadata.requestId).not.toBe(b.$metadata.requestId);
  });
});
