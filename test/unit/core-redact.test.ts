import { clearSecrets, redact, redactDeep, registerSecret } from '../../core/redact';

describe('redact', () => {
  afterEach(() => clearSecrets());

  test('masks registered secrets wherever they appear', () => {
    registerSecret('Hunter2-lab-password');
    expect(redact('ssh cloud_user@1.2.3.4 with Hunter2-lab-password!')).toBe('ssh cloud_user@1.2.3.4 with ***!');
  });

  test('masks secret-shaped strings nobody registered', () => {
    const key = 'AKIAIOSFODNN7EXAMPLE';
    const out = redact(`aws_access_key_id=${key} aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY`);
    expect(out).not.toContain('wJalrXUtnFEMI');
    expect(out).not.toContain(key);
    expect(out).toContain('EXAMPLE'.slice(-4));
    const pem = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----';
    expect(redact(`key: ${pem}`)).not.toContain('b3BlbnNzaC1rZXktdjEAAAAA');
    expect(redact('{"password":"s3cret!"}')).toBe('{"password":"***"}');
  });

  test('redactDeep masks inside nested report values and keeps their shape', () => {
    registerSecret('tok-123456');
    expect(redactDeep({ a: [{ b: 'x tok-123456 y' }], n: 3 })).toEqual({ a: [{ b: 'x *** y' }], n: 3 });
  });
});
