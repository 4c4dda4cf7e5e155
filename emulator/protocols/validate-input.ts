import { AwsError, type ServiceName } from '../framework/types';
import { compiledPattern, constraintModel, type ConstraintModel, type ConstraintShape } from './constraints';

/** One failed model constraint: where, the value, and the constraint in AWS's (Coral's) words. */
export interface ConstraintViolation {
  /** Coral path: lower-camel member names, `.N.member` for list items (`metricTransformations.1.member.metricName`). */
  path: string;
  /** The member as the model names it (`TrafficType`), for EC2's wording. */
  member: string;
  value: unknown;
  kind: 'length' | 'range' | 'pattern' | 'enum';
  /** `Member must have length less than or equal to 512`, … */
  constraint: string;
}

/** How a service words and codes a constraint failure, and which constraints it checks at all. */
interface ServiceStyle {
  code: string;
  format: 'coral' | 'ec2' | 's3';
  /** Shapes the service checks elsewhere or not at all (EC2 instance types have their own table). */
  checks?: (shapeName: string, kind: ConstraintViolation['kind']) => boolean;
}

// Coral-based services answer "N validation error(s) detected: …" under their own code; EC2 words
// each parameter on its own; S3 checks only a few header values against the model (its model's
// enums are not enforced as such: an unknown ChecksumAlgorithm is the SDK's business).
const STYLES: Record<ServiceName, ServiceStyle> = {
  logs: { code: 'InvalidParameterException', format: 'coral' },
  athena: { code: 'InvalidRequestException', format: 'coral' },
  // CloudTrail words bad selector values itself (InvalidEventSelectorsException), so enums are its handlers' business.
  cloudtrail: { code: 'InvalidParameterException', format: 'coral', checks: (_shape, kind) => kind !== 'enum' },
  monitoring: { code: 'ValidationError', format: 'coral' },
  iam: { code: 'ValidationError', format: 'coral' },
  sts: { code: 'ValidationError', format: 'coral' },
  sns: { code: 'InvalidParameter', format: 'coral' },
  ec2: { code: 'InvalidParameterValue', format: 'ec2', checks: (shape) => shape !== 'InstanceType' },
  s3: { code: 'InvalidArgument', format: 's3', checks: (shape, kind) => kind === 'enum' && (shape === 'StorageClass' || shape === 'BucketCannedACL' || shape === 'ObjectCannedACL') },
};

/** Every model constraint (length, range, pattern, enum) the input of `operation` breaks; [] when none. */
export function constraintViolations(service: ServiceName, operation: string, input: unknown): ConstraintViolation[] {
  const model = constraintModel(service);
  const shape = model?.operations[operation];
  if (!model || !shape) return [];
  const out: ConstraintViolation[] = [];
  walk(model, STYLES[service], shape, input, '', '', out);
  return out;
}

/** Throws the service's validation error when the input breaks any model constraint (AWS checks before acting). */
export function checkInputConstraints(service: ServiceName, operation: string, input: unknown): void {
  const model = constraintModel(service);
  const shape = model?.operations[operation];
  if (!model || !shape) return;
  // Nearly every input passes: a walk that builds no paths, sites or lists says so; only an input
  // that fails is walked again to collect its violations, in the same order as before.
  if (passes(model, STYLES[service], shape, input)) return;
  const violations = constraintViolations(service, operation, input);
  if (violations.length > 0) throw validationError(service, violations);
}

/** The AwsError a service answers for these violations, in its code and wording. */
export function validationError(service: ServiceName, violations: ConstraintViolation[]): AwsError {
  const style = STYLES[service];
  if (style.format === 'ec2') return new AwsError(style.code, ec2Message(violations[0]), 400);
  if (style.format === 's3') {
    const v = violations[0];
    if (v.member === 'StorageClass') return new AwsError('InvalidStorageClass', 'The storage class you specified is not valid', 400, { StorageClassRequested: String(v.value) });
    return new AwsError(style.code, `The value '${String(v.value)}' is not valid for ${v.member}.`, 400, { ArgumentName: v.member, ArgumentValue: String(v.value) });
  }
  const n = violations.length;
  const list = violations.map((v) => `Value ${coralValue(v.value)} at '${v.path}' failed to satisfy constraint: ${v.constraint}`).join('; ');
  return new AwsError(style.code, `${n} validation error${n === 1 ? '' : 's'} detected: ${list}`, 400);
}

// What each service checks never changes, so which shapes can hold a checked constraint at all is
// worked out once per shape: the walk skips whole subtrees (most of S3's and EC2's inputs) that cannot fail.
const checkable = new WeakMap<ConstraintModel, Map<string, boolean>>();
const memberLists = new WeakMap<ConstraintShape, Array<[name: string, shapeName: string, coralName: string]>>();

/** True when `shapeName`, or a shape it contains, has a constraint the service checks. */
function mayFail(model: ConstraintModel, style: ServiceStyle, shapeName: string, visiting?: Set<string>): boolean {
  let cache = checkable.get(model);
  if (!cache) checkable.set(model, (cache = new Map()));
  const known = cache.get(shapeName);
  if (known !== undefined) return known;
  return workOutMayFail(model, style, shapeName, cache, visiting);
}

// Apart from mayFail's cache lookup: its closures would make every call, cached or not, allocate
// their context on entry (this runs several times per request).
function workOutMayFail(model: ConstraintModel, style: ServiceStyle, shapeName: string, cache: Map<string, boolean>, visiting?: Set<string>): boolean {
  // A recursive shape met again while being worked out: assume it can fail (the walk then visits it, as it always did).
  if (visiting?.has(shapeName)) return true;
  const shape = model.shapes[shapeName];
  if (!shape) return false;
  visiting ??= new Set();
  visiting.add(shapeName);
  const allowed = (kind: ConstraintViolation['kind']) => !style.checks || style.checks(shapeName, kind);
  const sized = shape.min !== undefined || shape.max !== undefined;
  let result = false;
  switch (shape.type) {
    case 'structure':
      result = Object.values(shape.members ?? {}).some((m) => mayFail(model, style, m, visiting));
      break;
    case 'list':
      result = (sized && allowed('length')) || mayFail(model, style, shape.member as string, visiting);
      break;
    case 'map':
      result = (sized && allowed('length')) || mayFail(model, style, shape.key as string, visiting) || mayFail(model, style, shape.value as string, visiting);
      break;
    case 'string':
      result = (sized && allowed('length')) || (!!shape.enum && allowed('enum')) || (!!shape.pattern && allowed('pattern'));
      break;
    case 'blob':
      result = sized && allowed('length');
      break;
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      result = sized && allowed('range');
      break;
    default:
  }
  visiting.delete(shapeName);
  // Only a result reached without assuming anything about a shape still in progress is kept.
  if (visiting.size === 0 || result === false) cache.set(shapeName, result);
  return result;
}

function membersOf(shape: ConstraintShape): Array<[string, string, string]> {
  let list = memberLists.get(shape);
  if (!list) {
    list = Object.entries(shape.members ?? {}).map(([name, shapeName]) => [name, shapeName, lowerFirst(name)]);
    memberLists.set(shape, list);
  }
  return list;
}

const checkedLists = new WeakMap<ConstraintShape, Array<[string, string, string]>>();

/** A structure's members whose shapes may fail a check (mayFail), in model order; worked out once per shape. */
function checkedMembers(model: ConstraintModel, style: ServiceStyle, shape: ConstraintShape): Array<[string, string, string]> {
  let list = checkedLists.get(shape);
  if (!list) {
    list = membersOf(shape).filter(([, memberShape]) => mayFail(model, style, memberShape));
    checkedLists.set(shape, list);
  }
  return list;
}

function walk(model: ConstraintModel, style: ServiceStyle, shapeName: string, value: unknown, path: string, member: string, out: ConstraintViolation[]): void {
  if (value === undefined || value === null) return;
  const shape = model.shapes[shapeName];
  if (!shape || !mayFail(model, style, shapeName)) return;
  if (shape.type === 'structure') {
    if (typeof value !== 'object') return;
    // Only the members that can hold something the service checks (most hold nothing it checks).
    for (const [name, memberShape, coralName] of checkedMembers(model, style, shape)) {
      const v = (value as Record<string, unknown>)[name];
      if (v !== undefined && v !== null) walk(model, style, memberShape, v, join(path, coralName), name, out);
    }
    return;
  }
  // What a violation found at this value reports (structures above report nothing themselves).
  const at: Site = { style, shapeName, path, member, value, out };
  switch (shape.type) {
    case 'list':
      if (!Array.isArray(value)) return;
      checkSize(shape, value.length, at);
      if (!mayFail(model, style, shape.member as string)) return;
      value.forEach((item, i) => walk(model, style, shape.member as string, item, `${path}.${i + 1}.member`, member, out));
      return;
    case 'map': {
      if (typeof value !== 'object') return;
      const entries = Object.entries(value as Record<string, unknown>);
      checkSize(shape, entries.length, at);
      for (const [k, v] of entries) {
        walk(model, style, shape.key as string, k, `${path}.${k}`, member, out);
        walk(model, style, shape.value as string, v, `${path}.${k}`, member, out);
      }
      return;
    }
    case 'string':
      if (typeof value !== 'string') return;
      checkString(model, shapeName, shape, value, at);
      return;
    case 'blob':
      if (Buffer.isBuffer(value) || value instanceof Uint8Array) checkSize(shape, value.byteLength, at);
      return;
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      if (typeof value !== 'number') return;
      if (shape.min !== undefined && value < shape.min) add(at, 'range', `Member must have value greater than or equal to ${shape.min}`);
      if (shape.max !== undefined && value > shape.max) add(at, 'range', `Member must have value less than or equal to ${shape.max}`);
      return;
    default:
  }
}

/** True when walk() would find nothing to report for this value: the same checks, no allocation. */
function passes(model: ConstraintModel, style: ServiceStyle, shapeName: string, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  const shape = model.shapes[shapeName];
  if (!shape || !mayFail(model, style, shapeName)) return true;
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object') return true;
      const members = checkedMembers(model, style, shape);
      for (let i = 0; i < members.length; i++) {
        const v = (value as Record<string, unknown>)[members[i][0]];
        if (v !== undefined && v !== null && !passes(model, style, members[i][1], v)) return false;
      }
      return true;
    }
    case 'list': {
      if (!Array.isArray(value)) return true;
      if (!sizeOk(style, shapeName, shape, value.length)) return false;
      const member = shape.member as string;
      if (!mayFail(model, style, member)) return true;
      for (let i = 0; i < value.length; i++) if (!passes(model, style, member, value[i])) return false;
      return true;
    }
    case 'map': {
      if (typeof value !== 'object') return true;
      const keys = Object.keys(value as object);
      if (!sizeOk(style, shapeName, shape, keys.length)) return false;
      for (let i = 0; i < keys.length; i++) {
        if (!passes(model, style, shape.key as string, keys[i])) return false;
        if (!passes(model, style, shape.value as string, (value as Record<string, unknown>)[keys[i]])) return false;
      }
      return true;
    }
    case 'string':
      return typeof value !== 'string' || stringOk(model, style, shapeName, shape, value);
    case 'blob':
      return !(Buffer.isBuffer(value) || value instanceof Uint8Array) || sizeOk(style, shapeName, shape, value.byteLength);
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      if (typeof value !== 'number') return true;
      if (shape.min !== undefined && value < shape.min && allowed(style, shapeName, 'range')) return false;
      if (shape.max !== undefined && value > shape.max && allowed(style, shapeName, 'range')) return false;
      return true;
    default:
      return true;
  }
}

/** Whether the service reports this kind of violation on this shape (as add() decides). */
function allowed(style: ServiceStyle, shapeName: string, kind: ConstraintViolation['kind']): boolean {
  return !style.checks || style.checks(shapeName, kind);
}

function sizeOk(style: ServiceStyle, shapeName: string, shape: ConstraintShape, size: number): boolean {
  if (shape.min !== undefined && size < shape.min && allowed(style, shapeName, 'length')) return false;
  if (shape.max !== undefined && size > shape.max && allowed(style, shapeName, 'length')) return false;
  return true;
}

function stringOk(model: ConstraintModel, style: ServiceStyle, shapeName: string, shape: ConstraintShape, value: string): boolean {
  if ((shape.min !== undefined || shape.max !== undefined) && !sizeOk(style, shapeName, shape, codePoints(value, shape))) return false;
  if (shape.enum && allowed(style, shapeName, 'enum') && !shape.enum.includes(value) && !model.sdkEnums.get(shapeName)?.has(value)) return false;
  if (shape.pattern && allowed(style, shapeName, 'pattern')) {
    const re = compiledPattern(model, shape.pattern);
    if (re && !re.test(value)) return false;
  }
  return true;
}

/** Where the walk stands: what a violation found here reports. */
interface Site {
  style: ServiceStyle;
  shapeName: string;
  path: string;
  member: string;
  value: unknown;
  out: ConstraintViolation[];
}

function add(at: Site, kind: ConstraintViolation['kind'], constraint: string): void {
  if (at.style.checks && !at.style.checks(at.shapeName, kind)) return;
  at.out.push({ path: at.path, member: at.member, value: at.value, kind, constraint });
}

function checkString(model: ConstraintModel, shapeName: string, shape: ConstraintShape, value: string, at: Site): void {
  if (shape.min !== undefined || shape.max !== undefined) checkSize(shape, codePoints(value, shape), at);
  if (shape.enum) {
    const sdk = model.sdkEnums.get(shapeName);
    if (!shape.enum.includes(value) && !sdk?.has(value)) add(at, 'enum', `Member must satisfy enum value set: [${shape.enum.join(', ')}]`);
  }
  if (shape.pattern) {
    const re = compiledPattern(model, shape.pattern);
    if (re && !re.test(value)) add(at, 'pattern', `Member must satisfy regular expression pattern: ${shape.pattern}`);
  }
}

/**
 * The length AWS measures (code points), counted only when the UTF-16 length cannot decide: a string
 * of n UTF-16 units has between n/2 and n code points.
 */
function codePoints(value: string, shape: ConstraintShape): number {
  const n = value.length;
  const maxOk = shape.max === undefined || n <= shape.max;
  const minOk = shape.min === undefined || Math.ceil(n / 2) >= shape.min;
  if (maxOk && minOk) return n; // within bounds whichever count is right
  let count = 0;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

function checkSize(shape: ConstraintShape, size: number, at: Site): void {
  if (shape.min !== undefined && size < shape.min) add(at, 'length', `Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && size > shape.max) add(at, 'length', `Member must have length less than or equal to ${shape.max}`);
}

function ec2Message(v: ConstraintViolation): string {
  const shown = Array.isArray(v.value) ? `[${v.value.length} items]` : String(v.value);
  if (v.kind === 'enum') return `Value (${shown}) for parameter ${v.member} is invalid. ${v.constraint.replace('Member must satisfy enum value set', 'Valid values are')}.`;
  if (v.kind === 'range') return `Value ( ${shown} ) for parameter ${lowerFirst(v.member)} is invalid. ${v.constraint.replace('Member must have value', 'Expecting a value')}.`;
  return `Value (${shown}) for parameter ${v.member} is invalid. ${v.constraint.replace('Member must', 'It must')}.`;
}

/** Coral quotes every value with Java's toString: strings as is, lists as `[a, b]`. */
function coralValue(value: unknown): string {
  if (Array.isArray(value)) return `'[${value.map((v) => (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))).join(', ')}]'`;
  if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) return `'${JSON.stringify(value)}'`;
  return `'${String(value)}'`;
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function join(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}
