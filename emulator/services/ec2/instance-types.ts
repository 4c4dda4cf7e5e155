import { constraintModel } from '../../protocols/constraints';
import { AwsError } from '../../framework/types';

let table: ReadonlySet<string> | undefined;

/**
 * The instance types that exist: the EC2 model's `InstanceType` value set (1,200 types, a1.medium to
 * z1d.metal, from emulator/protocols/constraints/ec2.json) joined with the SDK client's newer list.
 * EC2 checks the type against its own catalogue, not the model's enum, so the generic enum check
 * skips this shape and RunInstances/ModifyInstanceAttribute call `checkInstanceType` instead.
 */
export function instanceTypes(): ReadonlySet<string> {
  if (table) return table;
  const types = new Set<string>(constraintModel('ec2')?.shapes.InstanceType?.enum ?? []);
  for (const t of constraintModel('ec2')?.sdkEnums.get('InstanceType') ?? []) types.add(t);
  table = types;
  return table;
}

/** Is `type` an EC2 instance type that exists (`t3.micro` yes, `t3.mega` no)? */
export function isInstanceType(type: string): boolean {
  return instanceTypes().has(type);
}

/** Throws EC2's error for an instance type that does not exist. */
export function checkInstanceType(type: string): void {
  if (!isInstanceType(type)) throw new AwsError('InvalidParameterValue', `Invalid value '${type}' for InstanceType.`);
}
