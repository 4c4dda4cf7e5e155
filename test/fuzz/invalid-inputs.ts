import type { ServiceName } from '../../emulator/framework/types';
import { constraintModel, type ConstraintModel, type ConstraintShape } from '../../emulator/protocols/constraints';
import { constraintViolations } from '../../emulator/protocols/validate-input';
import { mulberry32, type Random as Rng } from '../../core/random';

/**
 * One generated invalid input: plain data (JSON-able), so any client can replay it — the SDK v3
 * fuzz test here, botocore later (`operation` and member names are the model's, as botocore uses).
 */
export interface InvalidCase {
  service: ServiceName;
  operation: string;
  /** What was broken: `drop-required`, `too-long`, `too-short`, `not-in-enum`, `out-of-range`, `pattern`. */
  mutation: string;
  /** The member path that was broken (`logGroupName`, `metricTransformations.0.metricName`). */
  path: string;
  input: Record<string, unknown>;
}

const MAX_DEPTH = 4;

/** Seeded invalid inputs for every operation of a service the constraint model knows, `perOperation` at most each. */
export function invalidCases(service: ServiceName, seed: number, perOperation: number): InvalidCase[] {
  const model = constraintModel(service);
  if (!model) return [];
  const rng = mulberry32(seed);
  const out: InvalidCase[] = [];
  for (const [operation, shapeName] of Object.entries(model.operations)) {
    const candidates = [...mutations(model, service, operation, shapeName, rng)];
    shuffle(candidates, rng);
    out.push(...candidates.slice(0, perOperation));
  }
  return out;
}

function* mutations(model: ConstraintModel, service: ServiceName, operation: string, shapeName: string, rng: Rng): Generator<InvalidCase> {
  const base = filler(model, shapeName, 0, rng) as Record<string, unknown>;
  const shape = model.shapes[shapeName];
  for (const req of shape.required ?? []) {
    const input = { ...base };
    delete input[req];
    yield { service, operation, mutation: 'drop-required', path: req, input };
  }
  // Break one member at a time, at any depth of the required skeleton plus each optional top-level member.
  for (const [name, memberShape] of Object.entries(shape.members ?? {})) {
    for (const [mutation, value] of badValues(model, memberShape, rng)) {
      const input = { ...base, [name]: value };
      // Keep only what the emulator's own validator refuses: the generated cases must all be invalid.
      if (constraintViolations(service, operation, input).length === 0) continue;
      yield { service, operation, mutation, path: name, input };
    }
    const member = model.shapes[memberShape];
    if (member?.type === 'structure' || member?.type === 'list') {
      const inner = filler(model, memberShape, 1, rng);
      for (const [path, mutation, broken] of nested(model, memberShape, inner, rng, 1)) {
        const input = { ...base, [name]: broken };
        if (constraintViolations(service, operation, input).length === 0) continue;
        yield { service, operation, mutation, path: `${name}.${path}`, input };
      }
    }
  }
}

/** Breaks one leaf inside a structure or list value, returning [path, mutation, whole value]. */
function* nested(model: ConstraintModel, shapeName: string, value: unknown, rng: Rng, depth: number): Generator<[string, string, unknown]> {
  if (depth > MAX_DEPTH) return;
  const shape = model.shapes[shapeName];
  if (shape.type === 'list' && Array.isArray(value) && value.length > 0) {
    for (const [path, mutation, broken] of nestedMember(model, shape.member as string, value[0], rng, depth)) yield [`0${path}`, mutation, [broken]];
  } else if (shape.type === 'structure' && value && typeof value === 'object') {
    for (const [name, memberShape] of Object.entries(shape.members ?? {})) {
      for (const [path, mutation, broken] of nestedMember(model, memberShape, (value as Record<string, unknown>)[name], rng, depth)) {
        yield [`${name}${path}`, mutation, { ...(value as object), [name]: broken }];
      }
    }
  }
}

function* nestedMember(model: ConstraintModel, shapeName: string, value: unknown, rng: Rng, depth: number): Generator<[string, string, unknown]> {
  for (const [mutation, bad] of badValues(model, shapeName, rng)) yield ['', mutation, bad];
  const shape = model.shapes[shapeName];
  if (shape && (shape.type === 'structure' || shape.type === 'list')) {
    const inner = value ?? filler(model, shapeName, depth + 1, rng);
    for (const [path, mutation, broken] of nested(model, shapeName, inner, rng, depth + 1)) yield [`.${path}`, mutation, broken];
  }
}

/** Values that break one of the shape's constraints. */
function* badValues(model: ConstraintModel, shapeName: string, rng: Rng): Generator<[string, unknown]> {
  const shape = model.shapes[shapeName];
  if (!shape) return;
  if (shape.type === 'string') {
    if (shape.max !== undefined && shape.max < 100_000) yield ['too-long', 'a'.repeat(shape.max + 1 + Math.floor(rng() * 5))];
    if (shape.min !== undefined && shape.min > 0) yield ['too-short', 'a'.repeat(shape.min - 1)];
    if (shape.enum) yield ['not-in-enum', `Not${shape.enum[0] ?? 'Valid'}${Math.floor(rng() * 1000)}`];
    if (shape.pattern) yield ['pattern', ' \u0000:*$%'.slice(Math.floor(rng() * 3))];
  } else if (shape.type === 'integer' || shape.type === 'long' || shape.type === 'double' || shape.type === 'float') {
    if (shape.min !== undefined) yield ['out-of-range', shape.min - 1 - Math.floor(rng() * 10)];
    if (shape.max !== undefined && shape.max < Number.MAX_SAFE_INTEGER) yield ['out-of-range', shape.max + 1 + Math.floor(rng() * 10)];
  } else if (shape.type === 'list') {
    if (shape.max !== undefined && shape.max < 200) yield ['too-long', Array.from({ length: shape.max + 1 }, () => filler(model, shape.member as string, MAX_DEPTH, rng))];
    if (shape.min !== undefined && shape.min > 0) yield ['too-short', []];
  }
}

/** A value of the shape with its required members filled (valid where the filler can tell). */
function filler(model: ConstraintModel, shapeName: string, depth: number, rng: Rng): unknown {
  const shape: ConstraintShape | undefined = model.shapes[shapeName];
  if (!shape) return 'x';
  switch (shape.type) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      if (depth <= MAX_DEPTH) for (const req of shape.required ?? []) out[req] = filler(model, (shape.members ?? {})[req], depth + 1, rng);
      return out;
    }
    case 'list':
      return depth <= MAX_DEPTH ? [filler(model, shape.member as string, depth + 1, rng)] : [];
    case 'map':
      return {};
    case 'string':
      if (shape.enum) return shape.enum[Math.floor(rng() * shape.enum.length)];
      return 'a'.repeat(Math.max(1, shape.min ?? 1));
    case 'boolean':
      return true;
    case 'timestamp':
      return new Date(0).toISOString();
    case 'blob':
      return 'eA==';
    default:
      return shape.min ?? 1;
  }
}

function shuffle<T>(items: T[], rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
