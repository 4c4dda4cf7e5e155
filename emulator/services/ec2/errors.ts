import { AwsError } from '../../framework/types';

/**
 * EC2's error vocabulary in one place, with AWS's exact codes and messages, so every handler
 * words the same failure the same way.
 */

/** The words EC2 uses for each id prefix in its NotFound messages, and the error code family. */
const KINDS: Record<string, { code: string; noun: string }> = {
  vpc: { code: 'InvalidVpcID', noun: 'vpc ID' },
  subnet: { code: 'InvalidSubnetID', noun: 'subnet ID' },
  igw: { code: 'InvalidInternetGatewayID', noun: 'internetGateway ID' },
  rtb: { code: 'InvalidRouteTableID', noun: 'routeTable ID' },
  sg: { code: 'InvalidGroup', noun: 'security group' },
  sgr: { code: 'InvalidSecurityGroupRuleId', noun: 'security group rule ID' },
  i: { code: 'InvalidInstanceID', noun: 'instance ID' },
  eni: { code: 'InvalidNetworkInterfaceID', noun: 'networkInterface ID' },
  fl: { code: 'InvalidFlowLogId', noun: 'flow log ID' },
  key: { code: 'InvalidKeyPair', noun: 'key pair' },
  ami: { code: 'InvalidAMIID', noun: 'image id' },
  rtbassoc: { code: 'InvalidAssociationID', noun: 'association ID' },
};

/** `InvalidXxxID.NotFound` for one or more ids of one kind, worded as AWS words it. */
export function notFound(prefix: string, ids: string | string[]): AwsError {
  const list = Array.isArray(ids) ? ids : [ids];
  const kind = KINDS[prefix] ?? { code: 'InvalidID', noun: 'ID' };
  if (prefix === 'ami') return new AwsError(`${kind.code}.NotFound`, `The image id '[${list.join(', ')}]' does not exist`);
  if (prefix === 'sgr') return new AwsError(`${kind.code}.NotFound`, `The security group rule ID '${list.join(', ')}' does not exist`);
  const message =
    list.length > 1 ? `The ${kind.noun}s '${list.join(', ')}' do not exist` : `The ${kind.noun} '${list[0]}' does not exist`;
  return new AwsError(`${kind.code}.NotFound`, message);
}

/** `InvalidXxxID.Malformed` for an id that does not have the expected shape. */
export function malformed(prefix: string, id: string): AwsError {
  const code = prefix === 'sg' ? 'InvalidGroupId' : (KINDS[prefix]?.code ?? 'InvalidID');
  return new AwsError(`${code}.Malformed`, `Invalid id: "${id}" (expecting "${prefix}-...")`);
}

/** Checks the shape of an id (`vpc-` followed by lowercase hex) and throws `…Malformed` otherwise. */
export function checkId(prefix: string, id: string): void {
  if (typeof id !== 'string' || !idPattern(prefix).test(id)) throw malformed(prefix, String(id));
}

// One pattern per id prefix (a handful), not a new RegExp on every id checked.
const idPatterns = new Map<string, RegExp>();
function idPattern(prefix: string): RegExp {
  let re = idPatterns.get(prefix);
  if (!re) idPatterns.set(prefix, (re = new RegExp(`^${prefix}-[0-9a-f]{1,32}$`)));
  return re;
}

/** `DryRunOperation`: the request would have succeeded (HTTP 412). */
export function dryRunError(): AwsError {
  return new AwsError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
}

/** `DependencyViolation` with AWS's usual wording for VPC, subnet, gateway and route table deletes. */
export function hasDependencies(noun: string, id: string): AwsError {
  return new AwsError('DependencyViolation', `The ${noun} '${id}' has dependencies and cannot be deleted.`);
}

/** `MissingParameter` for a required member the request left out. */
export function missingParameter(name: string): AwsError {
  return new AwsError('MissingParameter', `The request must contain the parameter ${name}`);
}

/** `InvalidParameter` with a free-form sentence, as CreateFlowLogs uses. */
export function invalidParameter(message: string): AwsError {
  return new AwsError('InvalidParameter', message);
}
