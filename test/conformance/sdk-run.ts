// Runs the conformance cases (cases.json) through the SDK v3 clients, with the same outcome encoding as
// botocore_run.py: "ok", the error code the client parsed, or "EXCEPTION …" when it could not parse.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestClients } from '../emulator/helpers';

/** One case of cases.json. */
export interface ConformanceCase {
  service: string;
  operation: string;
  params: Record<string, unknown>;
  expect: string;
  save?: Record<string, string>;
  check?: Record<string, unknown>;
  wait?: { path: string; until: string[] };
}

/** A case's outcome, as both runners report it. */
export interface CaseResult {
  index: number;
  service: string;
  operation: string;
  expect: string;
  outcome: string;
  status?: number;
  message?: string;
}

/** The cases, in order. */
export function loadCases(): ConformanceCase[] {
  return JSON.parse(readFileSync(join(__dirname, 'cases.json'), 'utf8')).cases;
}

/** Did the client see what the case expects? An expected HTTP status (S3 HEAD errors) matches the status. */
export function met(r: CaseResult): boolean {
  return r.outcome === r.expect || (/^\d+$/.test(r.expect) && String(r.status) === r.expect && !r.outcome.startsWith('EXCEPTION'));
}

const PACKAGES: Record<string, [keyof TestClients, string]> = {
  sts: ['sts', '@aws-sdk/client-sts'],
  iam: ['iam', '@aws-sdk/client-iam'],
  ec2: ['ec2', '@aws-sdk/client-ec2'],
  s3: ['s3', '@aws-sdk/client-s3'],
  logs: ['logs', '@aws-sdk/client-cloudwatch-logs'],
  sns: ['sns', '@aws-sdk/client-sns'],
  cloudwatch: ['cloudwatch', '@aws-sdk/client-cloudwatch'],
  athena: ['athena', '@aws-sdk/client-athena'],
};

function resolve(value: unknown, saved: Record<string, string>): unknown {
  if (typeof value === 'string') return value.replace(/\$\{(\w+)\}/g, (m, name: string) => saved[name] ?? m);
  if (Array.isArray(value)) return value.map((v) => resolve(v, saved));
  if (value && typeof value === 'object') {
    const v = value as Record<string, number>;
    if ('$date' in v) return new Date(Date.now() + v.$date * 1000);
    if ('$epochMs' in v) return Math.round(Date.now() + v.$epochMs * 1000);
    if ('$epochS' in v) return Math.round(Date.now() / 1000 + v.$epochS);
    return Object.fromEntries(Object.entries(value).map(([k, x]) => [k, resolve(x, saved)]));
  }
  return value;
}

function dig(data: any, path: string): any {
  return path.split('.').reduce((d, part) => d?.[part], data);
}

/** Runs `cases` in order through `clients`; values saved by a case feed the params of later ones. */
export async function runWithSdk(clients: TestClients, cases: ConformanceCase[], saved: Record<string, string>): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const [index, c] of cases.entries()) {
    const [key, pkg] = PACKAGES[c.service];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Command = require(pkg)[`${c.operation}Command`];
    const result: CaseResult = { index, service: c.service, operation: c.operation, expect: c.expect, outcome: 'ok' };
    const send = () => (clients[key] as { send(cmd: unknown): Promise<any> }).send(new Command(resolve(c.params, saved)));
    try {
      let out = await send();
      for (let i = 0; c.wait && !c.wait.until.includes(dig(out, c.wait.path)) && i < 600; i++) {
        await new Promise((r) => setTimeout(r, 100));
        out = await send();
      }
      result.status = out.$metadata?.httpStatusCode;
      for (const [name, path] of Object.entries(c.save ?? {})) saved[name] = String(dig(out, path));
      const mismatched = Object.entries(c.check ?? {}).filter(([k, v]) => JSON.stringify(out[k]) !== JSON.stringify(v));
      if (mismatched.length) result.outcome = `MISMATCH ${JSON.stringify(Object.fromEntries(mismatched.map(([k]) => [k, out[k]])))}`;
    } catch (err) {
      const e = err as { name?: string; Code?: string; $metadata?: { httpStatusCode?: number }; $response?: unknown; message?: string };
      result.status = e.$metadata?.httpStatusCode;
      result.message = e.message;
      // A service error has $metadata from a parsed answer; anything else is the client failing to parse.
      if (e.$metadata?.httpStatusCode) result.outcome = e.Code ?? e.name ?? 'no code';
      else result.outcome = `EXCEPTION ${e.name}: ${String(e.message).slice(0, 300)}`;
    }
    results.push(result);
  }
  return results;
}
