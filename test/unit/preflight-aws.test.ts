// The aws target's preflight through real SDK clients whose requests are answered by a stub the
// way AWS answers: each missing piece ends in ONE line naming the fix, and nothing is created.
import { UsageError } from '../../core/errors';
import { ENVIRONMENT } from '../../fixtures/vpc-flow-logs/environment';
import { AL2023_IMAGE, preflight } from '../../runner/targets/preflight';
import { CALLER_OK, DRY_RUN_DENIED, DRY_RUN_OK, imagesAnswer, stsError, stubbedClients, type StubRoutes } from './aws-target-stubs';

const AL2023 = [
  { id: 'ami-0aaa1111bbbb22223', name: 'al2023-ami-2023.6.20241010.0-kernel-6.1-x86_64', created: '2024-10-10T00:00:00.000Z' },
  { id: 'ami-0ccc3333dddd44445', name: 'al2023-ami-2023.7.20250512.0-kernel-6.1-x86_64', created: '2025-05-12T00:00:00.000Z' },
];

const allGood = (): StubRoutes => ({
  GetCallerIdentity: CALLER_OK,
  DescribeImages: imagesAnswer(AL2023),
  DescribeVpcs: DRY_RUN_OK,
  CreateVpc: DRY_RUN_OK,
  RunInstances: DRY_RUN_OK,
});

async function run(routes: StubRoutes, credentials?: Parameters<typeof stubbedClients>[1], region = 'eu-west-3') {
  const c = stubbedClients(routes, credentials);
  const out = await preflight(c, { region, instanceType: 't3.micro' });
  return { out, ops: c.handler.calls.map((x) => x.op), bodies: c.handler.calls.map((x) => x.body) };
}

function oneLine(out: unknown): string {
  expect(out).toBeInstanceOf(UsageError);
  const msg = (out as UsageError).message;
  expect(msg).not.toContain('\n');
  return msg;
}

describe('preflight', () => {
  it('passes with the account, the caller and the newest AL2023 image, after dry runs only', async () => {
    const { out, ops, bodies } = await run(allGood());
    expect(out).toEqual({ ok: true, accountId: '123456789012', callerArn: 'arn:aws:sts::123456789012:assumed-role/labwright-ci/session', imageId: 'ami-0ccc3333dddd44445', imageName: AL2023[1].name });
    expect(ops).toEqual(['GetCallerIdentity', 'DescribeImages', 'DescribeVpcs', 'CreateVpc', 'RunInstances']);
    // Every mutating probe is a dry run: nothing is created.
    for (const b of bodies.slice(2)) expect(b).toContain('DryRun=true');
    expect(bodies[4]).toContain('ImageId=ami-0ccc3333dddd44445');
    expect(bodies[4]).toContain('InstanceType=t3.micro');
  });

  it('names the missing credentials and how to get them', async () => {
    const noCreds = async () => {
      throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    };
    const { out, ops } = await run(allGood(), noCreds as never);
    expect(oneLine(out)).toBe('No AWS credentials found: set AWS_PROFILE or run aws configure / aws sso login.');
    expect(ops).toEqual([]);
  });

  it('says expired credentials are expired (ExpiredToken), in one line', async () => {
    const { out, ops } = await run({ ...allGood(), GetCallerIdentity: { status: 403, body: stsError('ExpiredToken', 'The security token included in the request is expired') } });
    const msg = oneLine(out);
    expect(msg).toMatch(/^Your AWS credentials have expired \(ExpiredToken\)/);
    expect(msg).toContain('aws sso login');
    expect(ops).toEqual(['GetCallerIdentity']);
  });

  it('says rejected keys are rejected (InvalidClientTokenId)', async () => {
    const { out } = await run({ ...allGood(), GetCallerIdentity: { status: 403, body: stsError('InvalidClientTokenId', 'The security token included in the request is invalid.') } });
    expect(oneLine(out)).toMatch(/rejected the credentials \(InvalidClientTokenId\)/);
  });

  it('asks for a region when none is set', async () => {
    const { out, ops } = await run(allGood(), undefined, '');
    expect(oneLine(out)).toBe('No AWS region set: pass --region (for example --region us-east-1) or set AWS_REGION.');
    expect(ops).toEqual([]);
  });

  it('names the region that has no Amazon Linux 2023 image', async () => {
    const { out, ops } = await run({ ...allGood(), DescribeImages: imagesAnswer([]) }, undefined, 'eu-west-3');
    const msg = oneLine(out);
    expect(msg).toContain('Region eu-west-3 has no Amazon Linux 2023 image');
    expect(msg).toContain(AL2023_IMAGE.namePattern);
    expect(ops).not.toContain('RunInstances');
  });

  it.each([
    ['DescribeVpcs', 'ec2:DescribeVpcs'],
    ['CreateVpc', 'ec2:CreateVpc'],
    ['RunInstances', 'ec2:RunInstances'],
  ])('names the denied action when the %s dry run is UnauthorizedOperation, and points to the run policy', async (op, action) => {
    const { out } = await run({ ...allGood(), [op]: DRY_RUN_DENIED });
    const msg = oneLine(out);
    expect(msg).toContain(`Your credentials lack ${action}`);
    expect(msg).toContain('labwright policy --run');
  });

  it('names ec2:DescribeImages when even the image lookup is denied', async () => {
    const { out } = await run({ ...allGood(), DescribeImages: DRY_RUN_DENIED });
    expect(oneLine(out)).toMatch(/lack ec2:DescribeImages/);
  });

  it('ignores a dry run that fails for another reason than permissions (no default VPC)', async () => {
    const { out } = await run({ ...allGood(), RunInstances: { status: 400, body: DRY_RUN_DENIED.body.replace('UnauthorizedOperation', 'VPCIdNotSpecified') } });
    expect(out).toMatchObject({ ok: true });
  });

  it('looks for the same image as the environment launches', () => {
    expect(AL2023_IMAGE).toEqual({ namePattern: ENVIRONMENT.imageNamePattern, owner: ENVIRONMENT.imageOwner });
  });
});
