import { randomBytes } from 'node:crypto';

/** Lowercase hex of `n` random characters. */
export function randomHex(n: number): string {
  return randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
}

/** An EC2-style id: `vpc-0a1b2c3d4e5f67890` (17 hex characters, as current AWS ids). */
export function ec2Id(prefix: string): string {
  return `${prefix}-${randomHex(17)}`;
}

/** A run id: sortable by time, unique enough for parallel runs in one account (`lw-20261128t2154-3fa9c1`). */
export function runId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 13).toLowerCase();
  return `lw-${stamp}-${randomHex(6)}`;
}

/** A request id in AWS's UUID form. */
export function requestId(): string {
  const h = randomHex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Builds an ARN. */
export function arn(partition: string, service: string, region: string, account: string, resource: string): string {
  return `arn:${partition}:${service}:${region}:${account}:${resource}`;
}

/** Splits an ARN into its parts, or returns undefined when it is not one. */
export function parseArn(value: string): { partition: string; service: string; region: string; account: string; resource: string } | undefined {
  const m = /^arn:([^:]+):([^:]+):([^:]*):([^:]*):(.+)$/.exec(value);
  if (!m) return undefined;
  return { partition: m[1], service: m[2], region: m[3], account: m[4], resource: m[5] };
}
