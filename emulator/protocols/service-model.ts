import { NormalizedSchema } from '@smithy/core/schema';
import type { ServiceName } from '../framework/types';
import { SERVICE_SPECS, type ServiceSpec } from './service-catalog';

/** A static operation schema as the SDK exports it: `[9, namespace, name, traits, input, output]`. */
export type OperationSchemaRef = [9, string, string, any, unknown, unknown];

/** One operation of a service model. */
export interface OperationModel {
  name: string;
  traits: Record<string, any>;
  input: NormalizedSchema;
  output: NormalizedSchema;
}

/** A service's SDK model: its operations and error shapes, loaded on first use. */
export interface ServiceModel {
  spec: ServiceSpec;
  operations: Map<string, OperationModel>;
  /** Error shapes by shape name and by awsQueryError code (query-compatible services). */
  errors: Map<string, NormalizedSchema>;
  errorsByQueryCode: Map<string, NormalizedSchema>;
}

const models = new Map<ServiceName, ServiceModel>();

/**
 * Loads a service's model from its SDK v3 client's static schemas. Lazy, because requiring a client
 * (EC2's is 2 MB) costs tens of milliseconds and cold start should stay fast.
 */
export function serviceModel(service: ServiceName): ServiceModel {
  const cached = models.get(service);
  if (cached) return cached;
  const spec = SERVICE_SPECS[service];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod: Record<string, unknown> = require(spec.sdkPackage);
  const operations = new Map<string, OperationModel>();
  const errors = new Map<string, NormalizedSchema>();
  const errorsByQueryCode = new Map<string, NormalizedSchema>();
  for (const [key, value] of Object.entries(mod)) {
    if (!key.endsWith('$') || !Array.isArray(value)) continue;
    if (value[0] === 9) {
      const op = value as OperationSchemaRef;
      let model: OperationModel | undefined;
      // Input and output schemas are normalized on first access, not for all 700 EC2 operations.
      operations.set(op[2], {
        name: op[2],
        traits: typeof op[3] === 'object' && op[3] ? op[3] : {},
        get input() {
          return (model ??= build(op)).input;
        },
        get output() {
          return (model ??= build(op)).output;
        },
      });
    } else if (value[0] === -3) {
      const ns = NormalizedSchema.of(value as any);
      errors.set(value[2] as string, ns);
      const queryError = ns.getMergedTraits().awsQueryError;
      if (Array.isArray(queryError)) errorsByQueryCode.set(String(queryError[0]), ns);
    }
  }
  const model: ServiceModel = { spec, operations, errors, errorsByQueryCode };
  models.set(service, model);
  return model;
}

function build(op: OperationSchemaRef): OperationModel {
  return {
    name: op[2],
    traits: typeof op[3] === 'object' && op[3] ? op[3] : {},
    input: NormalizedSchema.of(op[4] as any),
    output: NormalizedSchema.of(op[5] as any),
  };
}
