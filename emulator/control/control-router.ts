import type { EmulatorRuntime } from '../framework/types';

/** What a control route handler receives. */
export interface ControlRequest {
  method: string;
  path: string;
  /** Values of `{name}` segments of the route pattern. */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The body parsed as JSON when it is JSON, else undefined; `rawBody` always. */
  body: unknown;
  rawBody: Buffer;
  /** The emulator answering (each in-process emulator has its own). */
  emulator: ControlEmulator;
}

/** The parts of a running emulator control routes may use. */
export interface ControlEmulator {
  runtime: EmulatorRuntime;
  reset(): void;
  version: string;
  services: string[];
  capabilities(): string[];
  requests(): unknown[];
}

/** A control response: JSON by default. */
export interface ControlResponse {
  status?: number;
  json?: unknown;
  text?: string;
  headers?: Record<string, string>;
}

/** A control route handler. */
export type ControlHandler = (req: ControlRequest) => ControlResponse | Promise<ControlResponse>;

interface Route {
  method: string;
  pattern: string;
  regex: RegExp;
  names: string[];
  handler: ControlHandler;
  capability?: string;
}

const routes: Route[] = [];

/**
 * Adds a control endpoint (`/_emulator/...`, `/_localstack/...`). Patterns may hold `{name}` segments:
 * `registerControlRoute('GET', '/_emulator/instances/{id}/ports', …)`. A later registration of the same
 * method and pattern replaces the earlier one. `capability` is listed by `GET /_emulator/health`.
 */
export function registerControlRoute(method: string, pattern: string, handler: ControlHandler, capability?: string): void {
  const names: string[] = [];
  const source = pattern
    .split('/')
    .map((seg) => {
      const m = /^\{(\w+)\}$/.exec(seg);
      if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(m[1]);
      return '([^/]+)';
    })
    .join('/');
  const route: Route = { method: method.toUpperCase(), pattern, regex: new RegExp(`^${source}/?$`), names, handler, capability };
  const existing = routes.findIndex((r) => r.method === route.method && r.pattern === pattern);
  if (existing >= 0) routes[existing] = route;
  else routes.push(route);
}

/** Finds the route for a request: the handler and its params, 'method' when only the method differs, or undefined. */
export function matchControlRoute(method: string, path: string): { handler: ControlHandler; params: Record<string, string> } | 'method' | undefined {
  let pathMatched = false;
  for (const route of routes) {
    const m = route.regex.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (route.method !== method.toUpperCase()) continue;
    const params: Record<string, string> = {};
    route.names.forEach((name, i) => (params[name] = safeDecode(m[i + 1])));
    return { handler: route.handler, params };
  }
  return pathMatched ? 'method' : undefined;
}

/** Capabilities declared by registered routes. */
export function controlCapabilities(): string[] {
  return [...new Set(routes.map((r) => r.capability).filter((c): c is string => !!c))].sort();
}

/** Is this path for the control API rather than an AWS service? */
export function isControlPath(path: string): boolean {
  return path.startsWith('/_emulator/') || path.startsWith('/_localstack/') || path === '/_emulator' || path === '/_localstack';
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
