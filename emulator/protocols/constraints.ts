import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceName } from '../framework/types';
import { SERVICE_SPECS } from './service-catalog';

/** One shape of a service model, reduced to what input validation needs (see scripts/gen-model-constraints.js). */
export interface ConstraintShape {
  type: string;
  /** Length (strings, blobs, lists, maps) or value (numbers) bounds. */
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  required?: string[];
  /** Structure members: member name → shape name. */
  members?: Record<string, string>;
  /** List member / map key and value shape names. */
  member?: string;
  key?: string;
  value?: string;
}

/** A service's constraint model: operation → input shape name, and the shapes reachable from them. */
export interface ConstraintModel {
  source: string;
  operations: Record<string, string>;
  shapes: Record<string, ConstraintShape>;
  /** Enum values the SDK v3 client exports for a shape name (newer than the model file, unioned in). */
  sdkEnums: Map<string, Set<string>>;
  /** Compiled whole-value patterns; null where the model's (Java) pattern does not compile in JS. */
  patterns: Map<string, RegExp | null>;
}

const models = new Map<ServiceName, ConstraintModel | null>();

/**
 * The constraint model of a service, loaded on first use from emulator/protocols/constraints/.
 * The SDK v3 schemas carry no length, pattern, range or enum traits; botocore's models do, and the
 * data files are generated from them. Null when the service has no file (nothing is then checked).
 */
export function constraintModel(service: ServiceName): ConstraintModel | null {
  if (models.has(service)) return models.get(service) ?? null;
  let model: ConstraintModel | null = null;
  try {
    const raw = JSON.parse(readFileSync(join(__dirname, 'constraints', `${service}.json`), 'utf8')) as Omit<ConstraintModel, 'sdkEnums' | 'patterns'>;
    model = { ...raw, sdkEnums: sdkEnums(service), patterns: new Map() };
  } catch {
    model = null;
  }
  models.set(service, model);
  return model;
}

/** A model pattern as a whole-value matcher: AWS's validators match the entire value, not a substring. */
export function compiledPattern(model: ConstraintModel, pattern: string): RegExp | null {
  if (model.patterns.has(pattern)) return model.patterns.get(pattern) ?? null;
  let re: RegExp | null = null;
  for (const flags of ['u', '']) {
    try {
      re = new RegExp(`^(?:${pattern})$`, flags);
      break;
    } catch {
      re = null;
    }
  }
  model.patterns.set(pattern, re);
  return re;
}

function sdkEnums(service: ServiceName): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod: Record<string, unknown> = require(SERVICE_SPECS[service].sdkPackage);
    for (const [name, value] of Object.entries(mod)) {
      if (!value || typeof value !== 'object' || Array.isArray(value) || name.endsWith('$')) continue;
      const values = Object.values(value as Record<string, unknown>);
      if (values.length > 0 && values.every((v) => typeof v === 'string')) out.set(name, new Set(values as string[]));
    }
  } catch {
    // No client package: the model file's enums alone apply.
  }
  return out;
}
