/**
 * The one redaction point. Everything labwright writes (console, reports, logs, the emulator's
 * request log) passes through `redact`, which removes known secrets and anything shaped like one.
 */
const MASK = '***';

const registered = new Set<string>();

/** Registers a literal secret (an SSH password, a session token) to be masked wherever it appears. */
export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 4) registered.add(value);
}

/** Forgets every registered secret (tests). */
export function clearSecrets(): void {
  registered.clear();
}

// Shapes of secrets that must never be printed even if nobody registered them.
const PATTERNS: Array<[RegExp, string]> = [
  // Private keys (PEM and OpenSSH).
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, `-----BEGIN PRIVATE KEY-----${MASK}-----END PRIVATE KEY-----`],
  // Secret access keys and session tokens in key=value, JSON or header form.
  [/((?:aws_?)?secret_?access_?key|secretAccessKey|SecretAccessKey|sessionToken|SessionToken|aws_session_token|x-amz-security-token|password|Password|passwd)(["']?\s*[:=]\s*["']?)([^"'\s,}&]+)/g, `$1$2${MASK}`],
  // SigV4 signatures.
  [/(Signature=)[0-9a-f]{64}/g, `$1${MASK}`],
  // Access key ids: keep the prefix and the last 4 characters, as the AWS console does.
  [/\b((?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{0,4})[A-Z0-9]{8,12}([A-Z0-9]{4})\b/g, `$1${MASK}$2`],
];

/** Returns `text` with every registered secret and every secret-shaped string masked. */
export function redact(text: string): string {
  let out = text;
  for (const secret of registered) out = out.split(secret).join(MASK);
  for (const [re, replacement] of PATTERNS) out = out.replace(re, replacement);
  return out;
}

/** Redacts every string inside a JSON-able value (for reports). */
export function redactDeep<T>(value: T): T {
  return JSON.parse(redact(JSON.stringify(value))) as T;
}
