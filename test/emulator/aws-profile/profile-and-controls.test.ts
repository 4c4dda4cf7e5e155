import { CreateTopicCommand, ListSubscriptionsByTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { startEmulator } from '../../../emulator/server';
import { startTestEmulator, type TestEmulator } from '../helpers';
import { control, startAwsEmulator } from './aws-fixture';

describe('the aws profile: selection, health and the shortcuts it refuses', () => {
  let emu: TestEmulator | undefined;
  afterEach(async () => {
    await emu?.stop();
    emu = undefined;
  });

  test('startEmulator returns the profile and time scale, and both health answers carry them', async () => {
    emu = await startAwsEmulator({ timeScale: 0.02 });
    expect(emu.emulator.profile).toBe('aws');
    expect(emu.emulator.timeScale).toBe(0.02);
    for (const path of ['/_emulator/health', '/_localstack/health']) {
      const { status, json } = await control(emu, 'GET', path);
      expect(status).toBe(200);
      expect(json).toMatchObject({ edition: 'labwright', profile: 'aws', timeScale: 0.02 });
    }
  });

  test('the fast profile (the default) says so too, at scale 1', async () => {
    emu = await startTestEmulator();
    expect(emu.emulator).toMatchObject({ profile: 'fast', timeScale: 1 });
    expect((await control(emu, 'GET', '/_emulator/health')).json).toMatchObject({ profile: 'fast', timeScale: 1 });
  });

  test.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('a time scale of %p is refused before anything binds', async (timeScale) => {
    await expect(startEmulator({ port: 0, profile: 'aws', timeScale })).rejects.toThrow(/time scale must be a positive number/);
  });

  test('flush answers 409 naming the profile; the fast profile still flushes', async () => {
    emu = await startAwsEmulator({ timeScale: 0.01 });
    const refused = await control(emu, 'POST', '/_emulator/flow-logs/flush');
    expect(refused.status).toBe(409);
    expect(refused.json.profile).toBe('aws');
    expect(refused.json.error).toMatch(/aws profile .*flush is not available/);
    await emu.stop();
    emu = await startTestEmulator();
    expect((await control(emu, 'POST', '/_emulator/flow-logs/flush')).json).toMatchObject({ flushed: true });
  });

  test('SNS: email stays PendingConfirmation (no auto-confirm) and the endpoint receives only the confirmation message', async () => {
    emu = await startAwsEmulator({ timeScale: 0.01 });
    const refused = await control(emu, 'POST', '/_emulator/sns/auto-confirm', { enabled: true });
    expect(refused.status).toBe(409);
    expect(refused.json.error).toMatch(/PendingConfirmation/);
    const { sns } = emu.clients;
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'alarms' }))).TopicArn!;
    expect((await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'email', Endpoint: 'student@example.com' }))).SubscriptionArn).toBe('pending confirmation');
    await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: 'ALARM', Message: 'the alarm fired' }));
    const subs = (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }))).Subscriptions!;
    expect(subs.map((s) => s.SubscriptionArn)).toEqual(['PendingConfirmation']);
    const { json } = await control<{ messages: Array<{ endpoint: string; subject: string; message: string }> }>(emu, 'GET', `/_emulator/sns/messages?topicArn=${encodeURIComponent(topicArn)}`);
    expect(json.messages).toHaveLength(1);
    expect(json.messages[0].endpoint).toBe('student@example.com');
    expect(json.messages[0].message).not.toContain('the alarm fired');
    expect(json.messages[0].subject).toMatch(/Subscription Confirmation/);
  });
});
