// The aws target's preflight: before anything is created on a real account, make sure the run can
// get through — credentials that work, a region, the lab's Amazon Linux 2023 image, and the key
// permissions — and otherwise say in ONE line what is missing and how to fix it (exit 2).
import { CreateVpcCommand, DescribeImagesCommand, DescribeVpcsCommand, RunInstancesCommand, type _InstanceType, type EC2Client } from '@aws-sdk/client-ec2';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import { errorMessage, UsageError } from '../../core/errors';

/**
 * The lab's image, found with DescribeImages by name. (Its public SSM parameter
 * `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-x86_64` would answer too, but no SSM
 * client is installed, so DescribeImages is the one way.) fixtures/environment.ts holds the same
 * pattern; runner/ may not import fixtures/, and a unit test keeps the two equal.
 */
export const AL2023_IMAGE = { namePattern: 'al2023-ami-2023.*-kernel-6.1-x86_64', owner: 'amazon' } as const;

/** The clients the preflight calls: only STS and EC2, with harmless calls. */
export interface PreflightClients {
  sts: Pick<STSClient, 'send'>;
  ec2: Pick<EC2Client, 'send'>;
}

/** What the preflight needs to know about the run. */
export interface PreflightOptions {
  region: string;
  /** The instance type the environment launches (probed with a RunInstances dry run). */
  instanceType?: string;
  imageNamePattern?: string;
  imageOwner?: string;
}

/** A preflight that found everything in place. */
export interface PreflightOk {
  ok: true;
  accountId: string;
  /** The caller's ARN (a role session or a user); never a secret. */
  callerArn: string;
  imageId: string;
  imageName?: string;
}

/** Where the policy a full run needs comes from. */
const POLICY_HINT = 'attach the policy printed by `labwright policy --run`';

const codeOf = (err: unknown): string => (err as { name?: string; Code?: string })?.name ?? (err as { Code?: string })?.Code ?? '';

const isDenied = (code: string) => /AccessDenied|UnauthorizedOperation|NotAuthorized|AuthorizationError/.test(code);

/** Credential and reachability errors of any AWS call, each mapped to the one line that names the fix (undefined for any other error). */
export function credentialProblem(err: unknown, region: string): UsageError | undefined {
  const code = codeOf(err);
  const msg = errorMessage(err);
  if (/ExpiredToken|RequestExpired/.test(code) || /expired/i.test(msg)) {
    return new UsageError(`Your AWS credentials have expired (${code || 'expired'}): run aws sso login (or refresh the session) and try again.`);
  }
  if (code === 'CredentialsProviderError' || /Could not load credentials|Unable to locate credentials/i.test(msg)) {
    return new UsageError('No AWS credentials found: set AWS_PROFILE or run aws configure / aws sso login.');
  }
  if (/InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch|IncompleteSignature/.test(code)) {
    return new UsageError(`AWS rejected the credentials (${code}): check the access key of the profile in use, or run aws configure again.`);
  }
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo/.test(msg) || /ENOTFOUND|EAI_AGAIN/.test(code)) {
    return new UsageError(`Cannot reach AWS in region ${region} (${msg}): check --region and the network.`);
  }
  return undefined;
}

/**
 * Probes one permission with a DryRun call: EC2 answers DryRunOperation when it would have
 * allowed the call and UnauthorizedOperation when not. Returns the missing action, if any; any
 * other answer (no default VPC for the RunInstances probe, say) proves nothing and is ignored.
 */
async function dryRun(action: string, call: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await call();
    return undefined;
  } catch (err) {
    return isDenied(codeOf(err)) ? action : undefined;
  }
}

/**
 * Checks that a run on a real account can get through; returns ok with the account and image, or
 * the UsageError whose one-line message names what is missing (credentials, expiry, region, the
 * image in this region, a permission). It creates nothing: STS identity, DescribeImages and EC2
 * dry runs only.
 */
export async function preflight(clients: PreflightClients, opts: PreflightOptions): Promise<PreflightOk | UsageError> {
  const region = opts.region?.trim();
  if (!region) return new UsageError('No AWS region set: pass --region (for example --region us-east-1) or set AWS_REGION.');

  let accountId: string;
  let callerArn: string;
  try {
    const who = await clients.sts.send(new GetCallerIdentityCommand({}));
    accountId = who.Account ?? '';
    callerArn = who.Arn ?? '';
  } catch (err) {
    return credentialProblem(err, region) ?? new UsageError(`The AWS credentials could not be checked (sts:GetCallerIdentity: ${codeOf(err) || errorMessage(err)}); ${POLICY_HINT} or check the profile.`);
  }

  const pattern = opts.imageNamePattern ?? AL2023_IMAGE.namePattern;
  let image: { ImageId?: string; Name?: string; CreationDate?: string } | undefined;
  try {
    const out = await clients.ec2.send(
      new DescribeImagesCommand({ Owners: [opts.imageOwner ?? AL2023_IMAGE.owner], Filters: [{ Name: 'name', Values: [pattern] }, { Name: 'state', Values: ['available'] }] }),
    );
    // The newest image wins, as the SSM "latest" parameter would pick it.
    image = [...(out.Images ?? [])].sort((a, b) => (b.CreationDate ?? '').localeCompare(a.CreationDate ?? ''))[0];
  } catch (err) {
    const code = codeOf(err);
    if (isDenied(code)) return new UsageError(`Your credentials lack ec2:DescribeImages (${code}): ${POLICY_HINT}.`);
    return credentialProblem(err, region) ?? new UsageError(`Could not look up the Amazon Linux 2023 image in ${region} (${code || errorMessage(err)}): check --region.`);
  }
  if (!image?.ImageId) {
    return new UsageError(`Region ${region} has no Amazon Linux 2023 image named '${pattern}' (DescribeImages found none): choose another region with --region.`);
  }

  const { ec2 } = clients;
  const imageId = image.ImageId;
  const probes: Array<[string, () => Promise<unknown>]> = [
    ['ec2:DescribeVpcs', () => ec2.send(new DescribeVpcsCommand({ DryRun: true }))],
    ['ec2:CreateVpc', () => ec2.send(new CreateVpcCommand({ DryRun: true, CidrBlock: '10.0.0.0/16' }))],
    ['ec2:RunInstances', () => ec2.send(new RunInstancesCommand({ DryRun: true, ImageId: imageId, InstanceType: (opts.instanceType ?? 't3.micro') as _InstanceType, MinCount: 1, MaxCount: 1 }))],
  ];
  for (const [action, call] of probes) {
    const missing = await dryRun(action, call);
    if (missing) return new UsageError(`Your credentials lack ${missing} (UnauthorizedOperation on a dry run in ${region}): ${POLICY_HINT}.`);
  }
  return { ok: true, accountId, callerArn, imageId: image.ImageId, imageName: image.Name };
}
