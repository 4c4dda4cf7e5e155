import { AthenaClient } from '@aws-sdk/client-athena';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient } from '@aws-sdk/client-iam';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import type { RetryStrategyV2, RetryToken } from '@smithy/types';
import { destroyClients, type AwsClients } from '../../aws/clients';
import { lazyClients } from '../../aws/lazy-clients';
import { poll } from '../../core/poll';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../emulator/server';

/** Static test credentials: the emulator does not check signatures. */
export const TEST_CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };
export const TEST_REGION = 'us-east-1';

/** Options of `startTestEmulator`: the emulator's own plus the credentials the clients sign with. */
export interface TestEmulatorOptions extends EmulatorOptions {
  accessKeyId?: string;
  region?: string;
}

/** SDK clients configured for one emulator: the harness's client set, built without its middleware. */
export type TestClients = AwsClients;

/** A started emulator with real SDK v3 clients pointed at it (region us-east-1, one attempt, so errors surface at once). */
export interface TestEmulator {
  endpoint: string;
  emulator: RunningEmulator;
  clients: TestClients;
  /** Clients for another access key id (a 12-digit one acts as that account) or region. */
  clientsFor(accessKeyId: string, region?: string): TestClients;
  stop(): Promise<void>;
}

/** Starts an emulator on a free loopback port with SDK clients for every emulated service. */
export async function startTestEmulator(opts: TestEmulatorOptions = {}): Promise<TestEmulator> {
  const { accessKeyId, region, ...emulatorOptions } = opts;
  const emulator = await startEmulator({ port: 0, ...emulatorOptions });
  const made: TestClients[] = [];
  const clientsFor = (key: string, reg = TEST_REGION): TestClients => {
    const clients = makeClients(emulator.endpoint, key, reg);
    made.push(clients);
    return clients;
  };
  const clients = clientsFor(accessKeyId ?? TEST_CREDENTIALS.accessKeyId, region ?? TEST_REGION);
  return {
    endpoint: emulator.endpoint,
    emulator,
    clients,
    clientsFor,
    stop: async () => {
      for (const set of made) destroyClients(set);
      await emulator.stop();
    },
  };
}

/** What `useTestEmulator` does around each test besides starting and stopping. */
export interface UseTestEmulatorOptions {
  /** Empty the emulator's state before each test (default true), so tests do not see each other's resources. */
  resetEachTest?: boolean;
}

/**
 * Starts one emulator in `beforeAll` for the enclosing file or describe block and stops it in `afterAll`.
 * The handle it returns stands in for that emulator; read it inside hooks and tests, once it has started.
 */
export function useTestEmulator(opts: TestEmulatorOptions = {}, { resetEachTest = true }: UseTestEmulatorOptions = {}): TestEmulator {
  let started: TestEmulator | undefined;
  const current = (): TestEmulator => {
    if (!started) throw new Error('The test emulator starts in beforeAll; use it inside a hook or a test.');
    return started;
  };
  beforeAll(async () => {
    started = await startTestEmulator(opts);
  });
  afterAll(() => started?.stop());
  if (resetEachTest) beforeEach(() => current().emulator.reset());
  return {
    get endpoint() {
      return current().endpoint;
    },
    get emulator() {
      return current().emulator;
    },
    get clients() {
      return current().clients;
    },
    clientsFor: (accessKeyId, region) => current().clientsFor(accessKeyId, region),
    stop: () => current().stop(),
  };
}

/** Socket errors of a request that got no answer at all (e.g. sent on a kept-alive socket the peer had just closed). */
const LOST_CONNECTION = new Set(['ECONNRESET', 'EPIPE']);

/**
 * The test clients' retry strategy: an AWS error (any HTTP answer) surfaces at once, so tests see
 * exactly what the emulator said; only a connection lost before any answer is tried again (up to
 * twice, at once), as the SDK's standard strategy would, so a loaded machine's socket race is not a
 * test failure.
 */
export const lostConnectionRetry: RetryStrategyV2 = {
  acquireInitialRetryToken: async () => retryToken(0),
  refreshRetryTokenForRetry: async (token, info) => {
    const err = info.error as { code?: string; $metadata?: { httpStatusCode?: number }; $response?: unknown };
    const answered = err.$response !== undefined || err.$metadata?.httpStatusCode !== undefined;
    if (answered || !LOST_CONNECTION.has(err.code ?? '') || token.getRetryCount() >= 2) throw info.error;
    return retryToken(token.getRetryCount() + 1);
  },
  recordSuccess: () => undefined,
};

function retryToken(count: number): RetryToken {
  return { getRetryCount: () => count, getRetryDelay: () => 0 };
}

/** SDK clients (one attempt each, bar a lost connection) for an emulator started elsewhere. */
export function makeClients(endpoint: string, accessKeyId = TEST_CREDENTIALS.accessKeyId, region = TEST_REGION): TestClients {
  const config = { endpoint, region, credentials: { accessKeyId, secretAccessKey: TEST_CREDENTIALS.secretAccessKey }, maxAttempts: 3, retryStrategy: lostConnectionRetry };
  // Built on first use: a test file loads only the client packages it calls.
  return lazyClients<TestClients>({
    ec2: () => new EC2Client(config),
    s3: () => new S3Client({ ...config, forcePathStyle: true }),
    iam: () => new IAMClient(config),
    sts: () => new STSClient(config),
    sns: () => new SNSClient(config),
    logs: () => new CloudWatchLogsClient(config),
    cloudwatch: () => new CloudWatchClient(config),
    athena: () => new AthenaClient(config),
    cloudtrail: () => new CloudTrailClient(config),
  });
}

/** What every AWS SDK v3 service error carries, whichever client threw it. */
export type AwsSdkError = Error & { $fault?: 'client' | 'server'; $metadata: { httpStatusCode?: number; requestId?: string } };

/** Awaits a call that should fail and returns its error; a call that succeeds fails the test instead. */
export async function failure<E extends Error = AwsSdkError>(p: Promise<unknown>): Promise<E> {
  try {
    await p;
  } catch (err) {
    return err as E;
  }
  throw new Error('The call succeeded but was expected to fail.');
}

/** An SDK error reduced to what a user sees: its code (name), message and HTTP status. */
export interface ErrorSummary {
  name: string;
  message: string;
  status?: number;
}

/** Reduces an SDK error to its name, message and HTTP status, so a test can compare all three with `toEqual`. */
export function errorSummary(e: { name: string; message: string; $metadata?: { httpStatusCode?: number } }): ErrorSummary {
  return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
}

/** `failure` then `errorSummary`: the summary of the error a call that should fail throws. */
export async function failureSummary(p: Promise<unknown>): Promise<ErrorSummary> {
  return errorSummary(await failure(p));
}

/**
 * Asks `probe` until it returns a value (not undefined) and returns it: a wait on the thing itself,
 * with a budget far beyond what an idle machine needs, so only a real failure runs it out.
 */
export async function waitFor<T>(description: string, probe: () => Promise<T | undefined>, intervalMs = 50): Promise<T> {
  const { value } = await poll<T>(async () => {
    const v = await probe();
    return v === undefined ? { done: false } : { done: true, value: v };
  }, { description, budgetMs: 60_000, intervalsMs: [intervalMs] });
  return value;
}
