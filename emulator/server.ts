import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, type Clock } from '../core/clock';
import { StateRegistry } from './framework/state-registry';
import type { EmulatorRuntime, ServiceName, ServiceProvider } from './framework/types';
import { handleAwsRequest, type GatewayEnv, type GatewayResult } from './gateway/pipeline';
import { parseRequestTarget, type RequestTarget } from './gateway/request-target';
import { RequestLog, type RequestLogEntry } from './gateway/request-log';
import { providers as allProviders } from './services/index';
import { SnapshotStore } from './persistence/snapshot-store';
import { controlCapabilities, isControlPath } from './control/control-router';
import { registerBuiltinRoutes } from './control/builtin-routes';
import { handleControlRequest } from './control/handle-control';
import type { WireResponse } from './protocols/wire';
import { LabEngines } from './engines/lab-engines';
import type { NoiseOptions } from './capture/noise';
import { registerEngineRoutes } from './engines/control-routes';
import { FaultInjector, FAULTS_ENGINE } from './faults/fault-injector';
import { registerFaultRoutes } from './faults/control-routes';
import type { FaultSettings } from './faults/settings';
import { timeProfile, type ProfileName } from './framework/time-profile';

/** Options of `startEmulator`. */
export interface EmulatorOptions {
  /** Port to bind; 0 (the default) picks a free one. */
  port?: number;
  /** Address to bind; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** Persist state here after every mutating request and reload it on start. */
  dataDir?: string;
  /** Time profile: `fast` (default), `realtime` or `aws` (AWS's documented delays, consistency and refusals). */
  profile?: ProfileName;
  /** Multiplies every duration of the profile (default 1; 0.01 runs the aws profile a hundred times faster). */
  timeScale?: number;
  clock?: Clock;
  /** The account of requests whose access key id is not a 12-digit account id. */
  accountId?: string;
  /** Receives one line per unexpected handler failure (default: ignored, the request log keeps the code). */
  log?: (line: string) => void;
  /** Providers to serve (default: every service). */
  providers?: ServiceProvider<any>[];
  /** Run the data plane (instance servers, flow-log delivery, alarms); default true. */
  engines?: boolean;
  /** The public IP loopback clients appear as (default 192.0.2.44, or LABWRIGHT_CLIENT_IP). */
  clientIp?: string;
  /** Let the engines tick on their own (default true); false leaves delivery to the flush endpoint. */
  autoTick?: boolean;
  /** Seeded background noise: rejected internet scans on every running instance (off by default). */
  noise?: NoiseOptions;
  /** Fault injection from the start (throttling, 5xx, latency, eventual consistency); also `POST /_emulator/faults`. */
  faults?: FaultSettings;
  /** Reject unsigned or badly signed requests with AWS's codes (off by default, as in LocalStack). */
  verifySignatures?: boolean;
}

/** A running emulator. */
export interface RunningEmulator {
  endpoint: string;
  port: number;
  host: string;
  profile: ProfileName;
  /** The time scale every duration of the profile is multiplied by. */
  timeScale: number;
  runtime: EmulatorRuntime;
  /** Empties every store and the request log. */
  reset(): void;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const VERSION = readVersion();
/** How long an idle keep-alive connection stays open (Node's default is 5 s). */
const KEEP_ALIVE_IDLE_MS = 65_000;
registerBuiltinRoutes();
registerEngineRoutes();
registerFaultRoutes();

/** Starts the embedded AWS emulator on loopback. SDK models load lazily on each service's first request. */
export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = opts.host ?? '127.0.0.1';
  const profile = opts.profile ?? 'fast';
  // Validates name and scale before anything binds (throws TimeProfileError naming the fix).
  const timing = timeProfile(profile, opts.timeScale ?? 1);
  const clock = opts.clock ?? systemClock;
  const defaultAccountId = opts.accountId ?? '000000000000';
  const providerList = opts.providers ?? allProviders;
  const providers = new Map<ServiceName, ServiceProvider<unknown>>(providerList.map((p) => [p.service, p]));
  const registry = new StateRegistry(providerList);
  const store = opts.dataDir ? new SnapshotStore(opts.dataDir) : undefined;
  const loaded = store?.load();
  if (loaded) registry.load(loaded);
  const log = new RequestLog(1000);
  const stopHooks: Array<() => void | Promise<void>> = [];
  const resetHooks: Array<() => void> = [];
  let dirty = false;

  const runtime: EmulatorRuntime = {
    clock,
    engines: new Map(),
    markDirty: () => void (dirty = true),
    profile,
    timing,
    defaultAccountId,
    stateOf: <S>(service: ServiceName, accountId: string, region: string) => registry.get<S>(service, accountId, region),
    scopesOf: (service) =>
      registry.scopes(service).map((key) => {
        const [accountId, region = ''] = key.split('/');
        return { accountId, region };
      }),
    onStop: (fn) => void stopHooks.push(fn),
    onReset: (fn) => void resetHooks.push(fn),
  };

  const faults = new FaultInjector(timing.durations.ec2ConsistencyMs);
  if (opts.faults) faults.configure(opts.faults);
  runtime.engines.set(FAULTS_ENGINE, faults);
  resetHooks.push(() => {
    faults.configure({});
    faults.propagation.clear();
  });

  if (opts.engines !== false) {
    const engines = new LabEngines(runtime, opts.clientIp, opts.noise);
    runtime.engines.set('lab', engines);
    stopHooks.push(() => engines.close());
    resetHooks.push(() => void engines.network.close());
    if (opts.autoTick !== false) engines.start();
  }

  const flush = async (): Promise<void> => {
    if (!dirty) return;
    dirty = false;
    try {
      store?.save(registry.snapshot());
    } catch (err) {
      dirty = true; // still unsaved: the next request (or stop) tries again
      throw err;
    }
  };

  const env: GatewayEnv = {
    providers,
    registry,
    runtime,
    defaultAccountId,
    flush,
    persistent: store !== undefined,
    verifySignatures: opts.verifySignatures === true,
    onInternalError: (err, where) => opts.log?.(`labwright emulator: ${where} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  };

  const reset = (): void => {
    registry.reset();
    log.clear();
    for (const hook of resetHooks) hook();
    dirty = true;
    void flush();
  };

  const control = {
    runtime,
    reset,
    version: VERSION,
    services: [...providers.keys()],
    capabilities: () => [...controlCapabilities(), ...(store ? ['persistence'] : [])].sort(),
    requests: () => log.list(),
  };

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => void serve(req, res));
  // The SDK's agent keeps idle sockets with no timeout of its own and reuses them; a server that
  // closes an idle keep-alive socket just as the client writes its next request on it makes that
  // request fail with ECONNRESET (Node's default closes after 5 s idle, which a loaded machine's
  // pause between two calls can reach). AWS's front ends keep idle connections open far longer, so
  // the emulator does too; `stop` destroys open sockets, so nothing waits for this timeout.
  server.keepAliveTimeout = KEEP_ALIVE_IDLE_MS;
  // Kept above the idle timeout, so a header timer never cuts a kept-alive socket first.
  server.headersTimeout = KEEP_ALIVE_IDLE_MS + 1000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    let url: RequestTarget;
    try {
      url = parseRequestTarget(req.url ?? '/');
    } catch {
      return send(res, { status: 400, headers: { 'content-type': 'text/plain' }, body: `The request target '${String(req.url).slice(0, 100)}' is not a valid URL path.` });
    }
    if (isControlPath(url.pathname)) {
      try {
        return send(res, await handleControlRequest(req, url instanceof URL ? url : new URL(req.url ?? '/', 'http://emulator.local'), control));
      } catch (err) {
        return send(res, { status: 500, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ error: (err as Error).message }) });
      }
    }
    try {
      const result = await handleAwsRequest(req, url, env);
      // Only the two readings of time precede the answer: the entry's handling time and the time it is
      // logged at are those of the answer, as before; building the entry waits until the bytes are written.
      const ms = Math.round((performance.now() - started) * 100) / 100;
      const at = clock.now();
      if (result.closeConnection) {
        result.response.headers.connection = 'close';
        closeWhenFinished(req, res);
      }
      send(res, result.response, true);
      // Bookkeeping after the answer is on the wire (res.end wrote it to the socket synchronously), still
      // in the same tick, so before any other request is handled: a call that follows sees this one logged.
      log.add(logEntry(req, result, ms), at);
      result.afterResponse?.();
    } catch (err) {
      opts.log?.(`labwright emulator: request failed outside the gateway: ${(err as Error).stack ?? String(err)}`);
      send(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: 'The labwright emulator failed to handle this request.' });
    }
  }

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    // Nothing may outlive a failed start: the engines' timers and servers would keep the process
    // alive with no endpoint to serve (a busy port used to leave `labwright emulator` hanging).
    for (const hook of stopHooks.reverse()) await Promise.resolve().then(hook).catch(() => undefined);
    server.close();
    throw listenError(err as NodeJS.ErrnoException, host, opts.port ?? 0);
  }
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      let failure: unknown;
      for (const hook of stopHooks.reverse()) await Promise.resolve().then(hook).catch((err) => (failure ??= err));
      await flush().catch((err) => (failure ??= err));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      // The port is released whatever failed; then the failure is reported.
      if (failure) throw failure;
    })());
  return { endpoint, port, host, profile, timeScale: timing.timeScale, runtime, reset, stop, [Symbol.asyncDispose]: stop };
}

/** Why the emulator could not listen, as one sentence naming the address; keeps the system error's `code`. */
function listenError(err: NodeJS.ErrnoException, host: string, port: number): NodeJS.ErrnoException {
  const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const message =
    err.code === 'EADDRINUSE' ? `Port ${port} on ${host} is already in use (${where}).`
    : err.code === 'EACCES' ? `Not allowed to listen on ${where} (ports below 1024 need privileges).`
    : err.code === 'EADDRNOTAVAIL' ? `The address ${host} is not one of this machine's (${where}).`
    : `Could not listen on ${where}: ${err.message}`;
  return Object.assign(new Error(message, { cause: err }), { code: err.code, port, host });
}

/**
 * Closes the connection once an answer to an unread (oversized) body is written. Apart from serve:
 * a closure there would make every request allocate the context it captures.
 */
function closeWhenFinished(req: IncomingMessage, res: ServerResponse): void {
  res.on('finish', () => req.complete || req.socket.destroy());
}

/** The request log's entry for an AWS API call (built member by member, no spreads: this runs on every request). */
function logEntry(req: IncomingMessage, result: GatewayResult, ms: number): RequestLogEntry {
  const entry: RequestLogEntry = { service: result.service, operation: result.operation, status: result.response.status, ms, time: '' };
  if (result.error) entry.error = result.error;
  addSdkAttempt(req, entry);
  if (result.fault) entry.fault = result.fault;
  return entry;
}

/** Adds the SDK's attempt number and invocation id, from the headers its retry middleware sets. */
function addSdkAttempt(req: IncomingMessage, entry: RequestLogEntry): void {
  const sdkRequest = req.headers['amz-sdk-request'];
  if (typeof sdkRequest === 'string') {
    const attempt = attemptOf(sdkRequest);
    if (attempt !== undefined) entry.attempt = attempt;
  }
  const id = req.headers['amz-sdk-invocation-id'];
  if (typeof id === 'string') entry.invocationId = id;
}

/** The first `attempt=N` of an `amz-sdk-request` header (`attempt=1; max=3`), read without a regex match per request. */
function attemptOf(header: string): number | undefined {
  let at = header.indexOf('attempt=');
  while (at >= 0) {
    let end = at + 8;
    while (end < header.length && header.charCodeAt(end) >= 48 && header.charCodeAt(end) <= 57) end++;
    if (end > at + 8) return Number(header.slice(at + 8, end));
    at = header.indexOf('attempt=', at + 1);
  }
  return undefined;
}

/**
 * Writes a response. `owned`: its headers object was made for this response alone (the gateway's
 * codecs make one per request), so Content-Length is added to it instead of to a copy.
 */
function send(res: ServerResponse, response: WireResponse, owned = false): void {
  if (res.headersSent) return;
  try {
    const { body } = response;
    const headers: Record<string, string | number | string[]> = owned ? response.headers : { ...response.headers };
    // HEAD answers keep the entity's Content-Length; everything else declares the bytes actually sent.
    if (res.req?.method !== 'HEAD' || !('content-length' in headers)) headers['content-length'] = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    // One writeHead with every header, and a string body passed as is: Node then sends head and
    // body in a single write instead of a setHeader per header and a two-buffer writev.
    res.writeHead(response.status, headers);
    res.end(body);
  } catch (err) {
    // A header the handler produced was not sendable: answer plainly rather than crash.
    if (!res.headersSent) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`The labwright emulator could not send its response: ${(err as Error).message}`);
    } else res.destroy();
  }
}

function readVersion(): string {
  try {
    return JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}
