import { CreateUserCommand, GetUserCommand } from '@aws-sdk/client-iam';
import { failureSummary, useTestEmulator } from './helpers';

const emu = useTestEmulator({ engines: false });

// AWS measures a string's length in characters (code points), not UTF-16 units: '𝒜' (U+1D49C, a
// letter outside the BMP) is one character though JavaScript's .length counts two. An IAM tag value
// is 0..256 characters of [\p{L}\p{Z}\p{N}_.:/=+\-@].
describe('model length constraints count characters', () => {
  it('accepts a tag value of 256 characters that is 512 UTF-16 units long', async () => {
    const value = '𝒜'.repeat(256);
    await emu.clients.iam.send(new CreateUserCommand({ UserName: 'wide', Tags: [{ Key: 'k', Value: value }] }));
    const { User } = await emu.clients.iam.send(new GetUserCommand({ UserName: 'wide' }));
    expect(User?.Tags).toEqual([{ Key: 'k', Value: value }]);
  });

  it('refuses 257 characters, mixed wide and narrow', async () => {
    const value = `${'𝒜'.repeat(200)}${'a'.repeat(57)}`;
    expect(await failureSummary(emu.clients.iam.send(new CreateUserCommand({ UserName: 'wide', Tags: [{ Key: 'k', Value: value }] })))).toEqual({
      name: 'ValidationError',
      status: 400,
      message: `1 validation error detected: Value '${value}' at 'tags.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 256`,
    });
  });

  it('refuses an empty tag key as shorter than 1', async () => {
    expect(await failureSummary(emu.clients.iam.send(new CreateUserCommand({ UserName: 'wide', Tags: [{ Key: '', Value: 'v' }] })))).toEqual({
      name: 'ValidationError',
      status: 400,
      message: "2 validation errors detected: Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must have length greater than or equal to 1; Value '' at 'tags.1.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+",
    });
  });
});
