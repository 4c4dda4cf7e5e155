import { invalidPattern } from './errors';

/** One step of a selector: a property, an array index, or a `*` / `[*]` wildcard. */
export type Step = { key: string } | { index: number } | { any: true };

/** A parsed JSON selector (`$.a.b[0]`, `$.['k.with.dots']`, `$.a[*].id`). */
export interface Selector {
  text: string;
  steps: Step[];
  wildcards: number;
}

/** At most one wildcard per selector and three per pattern (spec §4.4). */
export const MAX_WILDCARDS_PER_SELECTOR = 1;
export const MAX_WILDCARDS_PER_PATTERN = 3;

const NAME_CHAR = /[A-Za-z0-9_-]/;

/**
 * Reads a selector starting at `text[at] === '$'`; returns it and the index after it. Property
 * names are letters, digits, `-` and `_`; other keys go in `['…']`.
 */
export function readSelector(text: string, at: number): { selector: Selector; end: number } {
  let i = at + 1;
  const steps: Step[] = [];
  for (;;) {
    if (text[i] === '.' && text[i + 1] === '*') {
      steps.push({ any: true });
      i += 2;
    } else if (text[i] === '.' && text[i + 1] === '[') {
      i += 1; // `$.['cluster.name']`: the dot before a bracket is optional
    } else if (text[i] === '.') {
      const start = ++i;
      while (i < text.length && NAME_CHAR.test(text[i])) i++;
      if (i === start) invalidPattern(`expected a property name after '.' at position ${start + 1} of the pattern`);
      steps.push({ key: text.slice(start, i) });
    } else if (text[i] === '[') {
      const close = findClose(text, i);
      const body = text.slice(i + 1, close).trim();
      if (body === '*') steps.push({ any: true });
      else if (/^\d+$/.test(body)) steps.push({ index: Number(body) });
      else if (/^'[^']*'$/.test(body) || /^"[^"]*"$/.test(body)) steps.push({ key: body.slice(1, -1) });
      else invalidPattern(`'[${body}]' in a selector must be an array index, [*] or a quoted key like ['a.b']`);
      i = close + 1;
    } else break;
  }
  const sel = text.slice(at, i);
  if (steps.length === 0) invalidPattern(`the selector '${sel}' names no property; selectors look like $.eventType`);
  const wildcards = steps.filter((s) => 'any' in s).length;
  if (wildcards > MAX_WILDCARDS_PER_SELECTOR) invalidPattern(`the selector '${sel}' has ${wildcards} wildcards; a selector can have at most ${MAX_WILDCARDS_PER_SELECTOR}`);
  return { selector: { text: sel, steps, wildcards }, end: i };
}

function findClose(text: string, open: number): number {
  const q = text[open + 1];
  const close = q === "'" || q === '"' ? text.indexOf(']', text.indexOf(q, open + 2)) : text.indexOf(']', open);
  if (close < 0) invalidPattern(`'[' at position ${open + 1} of the pattern has no closing ']'`);
  return close;
}

/** Parses a whole selector string (a metric value or dimension such as `$.latency`). */
export function parseSelector(text: string): Selector {
  const { selector, end } = readSelector(text, 0);
  if (text[0] !== '$' || end !== text.length) invalidPattern(`'${text}' is not a JSON selector`);
  return selector;
}

/** Calls `visit` on every node the selector reaches (several with a wildcard); stops when it returns true. */
export function visitSelector(root: unknown, steps: Step[], visit: (node: unknown) => boolean, i = 0): boolean {
  let node = root;
  for (; i < steps.length; i++) {
    const step = steps[i];
    if (node === null || typeof node !== 'object') return false;
    if ('key' in step) {
      if (Array.isArray(node) || !Object.prototype.hasOwnProperty.call(node, step.key)) return false;
      node = (node as Record<string, unknown>)[step.key];
    } else if ('index' in step) {
      if (!Array.isArray(node) || step.index >= node.length) return false;
      node = node[step.index];
    } else {
      const children = Array.isArray(node) ? node : Object.values(node);
      for (const child of children) if (visitSelector(child, steps, visit, i + 1)) return true;
      return false;
    }
  }
  return visit(node);
}

/** The single node a wildcard-free selector reaches, or undefined when it reaches none. */
export function resolveSelector(root: unknown, steps: Step[]): unknown {
  let found: unknown;
  visitSelector(root, steps, (node) => ((found = node), true));
  return found;
}

/** Parses an event as a JSON object; undefined for anything else (JSON patterns never match it). */
export function parseJsonEvent(message: string): object | undefined {
  let i = 0;
  while (i < message.length && (message[i] === ' ' || message[i] === '\t' || message[i] === '\n' || message[i] === '\r')) i++;
  if (message[i] !== '{') return undefined; // cheap reject: no exception for plain-text events
  try {
    const v: unknown = JSON.parse(message);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
