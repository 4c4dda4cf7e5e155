import {
  CreateRoleCommand, DeleteRoleCommand, DeleteRolePolicyCommand, GetRoleCommand, GetRolePolicyCommand, IAMClient,
  ListRolePoliciesCommand, ListRolesCommand, ListRoleTagsCommand, PutRolePolicyCommand, TagRoleCommand, UntagRoleCommand,
  UpdateAssumeRolePolicyCommand, AttachRolePolicyCommand, DetachRolePolicyCommand, ListAttachedRolePoliciesCommand, UpdateRoleCommand,
} from '@aws-sdk/client-iam';
import { failure, startTestEmulator, type TestEmulator } from './helpers';

const trustFor = (service: string) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }] });
const FLOW_LOGS_TRUST = trustFor('vpc-flow-logs.amazonaws.com');
const DELIVER_POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogGroups', 'logs:DescribeLogStreams'], Resource: '*' }],
});

describe('IAM roles through the real SDK', () => {
  let emu: TestEmulator;
  let iam: IAMClient;
  beforeAll(async () => {
    emu = await startTestEmulator();
    iam = emu.clients.iam;
  });
  afterAll(() => emu.stop());

  it('creates a role and answers it field by field, with the trust policy URL-encoded as AWS sends it', async () => {
    const created = await iam.send(new CreateRoleCommand({
      RoleName: 'flowlogsRole', AssumeRolePolicyDocument: FLOW_LOGS_TRUST, Description: 'Publishes flow logs', MaxSessionDuration: 7200,
      Tags: [{ Key: 'lab', Value: 'vpc-flow-logs' }],
    }));
    const role = created.Role!;
    expect(role.RoleName).toBe('flowlogsRole');
    expect(role.Path).toBe('/');
    expect(role.Arn).toBe('arn:aws:iam::000000000000:role/flowlogsRole');
    expect(role.RoleId).toMatch(/^AROA[A-Z0-9]{17}$/);
    expect(role.CreateDate).toBeInstanceOf(Date);
    expect(role.Description).toBe('Publishes flow logs');
    expect(role.MaxSessionDuration).toBe(7200);
    expect(role.Tags).toEqual([{ Key: 'lab', Value: 'vpc-flow-logs' }]);
    // The SDK does not decode it: callers must decodeURIComponent, exactly as against AWS.
    expect(role.AssumeRolePolicyDocument).toBe(encodeURIComponent(FLOW_LOGS_TRUST));
    expect(role.AssumeRolePolicyDocument).toContain('%7B%22Version%22%3A%222012-10-17%22');

    const got = (await iam.send(new GetRoleCommand({ RoleName: 'flowlogsRole' }))).Role!;
    expect([got.RoleId, got.Arn, got.CreateDate?.getTime()]).toEqual([role.RoleId, role.Arn, role.CreateDate?.getTime()]);
    expect(JSON.parse(decodeURIComponent(got.AssumeRolePolicyDocument!))).toEqual(JSON.parse(FLOW_LOGS_TRUST));
  });

  it('keeps a path in the ARN and filters ListRoles by path prefix', async () => {
    const role = (await iam.send(new CreateRoleCommand({ RoleName: 'pathed', Path: '/service-role/', AssumeRolePolicyDocument: trustFor('ec2.amazonaws.com') }))).Role!;
    expect(role.Arn).toBe('arn:aws:iam::000000000000:role/service-role/pathed');
    const listed = await iam.send(new ListRolesCommand({ PathPrefix: '/service-role/' }));
    expect(listed.Roles?.map((r) => r.RoleName)).toEqual(['pathed']);
    expect(listed.IsTruncated).toBe(false);
  });

  it('pages ListRoles with Marker and MaxItems', async () => {
    for (const n of ['page-a', 'page-b', 'page-c']) await iam.send(new CreateRoleCommand({ RoleName: n, Path: '/paging/', AssumeRolePolicyDocument: trustFor('ec2.amazonaws.com') }));
    const first = await iam.send(new ListRolesCommand({ PathPrefix: '/paging/', MaxItems: 2 }));
    expect(first.Roles?.map((r) => r.RoleName)).toEqual(['page-a', 'page-b']);
    expect(first.IsTruncated).toBe(true);
    expect(first.Marker).toBeTruthy();
    const second = await iam.send(new ListRolesCommand({ PathPrefix: '/paging/', MaxItems: 2, Marker: first.Marker }));
    expect(second.Roles?.map((r) => r.RoleName)).toEqual(['page-c']);
    expect([second.IsTruncated, second.Marker]).toEqual([false, undefined]);
  });

  it('refuses a second role of the same name, whatever its case', async () => {
    const err = await failure(iam.send(new CreateRoleCommand({ RoleName: 'FLOWLOGSROLE', AssumeRolePolicyDocument: FLOW_LOGS_TRUST })));
    expect([err.name, err.message, err.$metadata.httpStatusCode]).toEqual(['EntityAlreadyExistsException', 'Role with name FLOWLOGSROLE already exists.', 409]);
  });

  it('answers NoSuchEntity for a missing role', async () => {
    const err = await failure(iam.send(new GetRoleCommand({ RoleName: 'ghost' })));
    expect([err.name, err.message, err.$metadata.httpStatusCode]).toEqual(['NoSuchEntityException', 'The role with name ghost cannot be found.', 404]);
  });

  it('rejects a trust policy that is not JSON or has a Resource', async () => {
    const notJson = await failure(iam.send(new CreateRoleCommand({ RoleName: 'bad-json', AssumeRolePolicyDocument: '{"Version":' })));
    expect([notJson.name, notJson.message, notJson.$metadata.httpStatusCode]).toEqual(['MalformedPolicyDocumentException', 'This policy contains invalid Json', 400]);
    const withResource = await failure(iam.send(new CreateRoleCommand({
      RoleName: 'bad-resource',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' }] }),
    })));
    expect([withResource.name, withResource.message]).toEqual(['MalformedPolicyDocumentException', 'Has prohibited field Resource']);
    expect((await failure(iam.send(new GetRoleCommand({ RoleName: 'bad-json' })))).name).toBe('NoSuchEntityException');
  });

  it('replaces the trust policy', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'retrust', AssumeRolePolicyDocument: trustFor('ec2.amazonaws.com') }));
    await iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'retrust', PolicyDocument: FLOW_LOGS_TRUST }));
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'retrust' }))).Role!;
    expect(decodeURIComponent(role.AssumeRolePolicyDocument!)).toBe(FLOW_LOGS_TRUST);
    const bad = await failure(iam.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'retrust', PolicyDocument: 'nope' })));
    expect(bad.name).toBe('MalformedPolicyDocumentException');
  });

  it('puts, lists, reads and deletes inline policies, and blocks DeleteRole while one remains', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'with-policy', AssumeRolePolicyDocument: FLOW_LOGS_TRUST }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'with-policy', PolicyName: 'deliver', PolicyDocument: DELIVER_POLICY }));
    await iam.send(new PutRolePolicyCommand({ RoleName: 'with-policy', PolicyName: 'another', PolicyDocument: DELIVER_POLICY }));
    expect((await iam.send(new ListRolePoliciesCommand({ RoleName: 'with-policy' }))).PolicyNames).toEqual(['another', 'deliver']);
    const policy = await iam.send(new GetRolePolicyCommand({ RoleName: 'with-policy', PolicyName: 'deliver' }));
    expect([policy.RoleName, policy.PolicyName]).toEqual(['with-policy', 'deliver']);
    expect(decodeURIComponent(policy.PolicyDocument!)).toBe(DELIVER_POLICY);

    const conflict = await failure(iam.send(new DeleteRoleCommand({ RoleName: 'with-policy' })));
    expect([conflict.name, conflict.message, conflict.$metadata.httpStatusCode]).toEqual(['DeleteConflictException', 'Cannot delete entity, must delete policies first.', 409]);

    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'with-policy', PolicyName: 'deliver' }));
    await iam.send(new DeleteRolePolicyCommand({ RoleName: 'with-policy', PolicyName: 'another' }));
    const missing = await failure(iam.send(new GetRolePolicyCommand({ RoleName: 'with-policy', PolicyName: 'deliver' })));
    expect([missing.name, missing.message]).toEqual(['NoSuchEntityException', 'The role policy with name deliver cannot be found.']);
    await iam.send(new DeleteRoleCommand({ RoleName: 'with-policy' }));
    expect((await failure(iam.send(new GetRoleCommand({ RoleName: 'with-policy' })))).name).toBe('NoSuchEntityException');
  });

  it('tags, lists and untags a role', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'tagged', AssumeRolePolicyDocument: FLOW_LOGS_TRUST, Tags: [{ Key: 'a', Value: '1' }] }));
    await iam.send(new TagRoleCommand({ RoleName: 'tagged', Tags: [{ Key: 'b', Value: '2' }, { Key: 'a', Value: 'changed' }] }));
    expect((await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged' }))).Tags).toEqual([{ Key: 'a', Value: 'changed' }, { Key: 'b', Value: '2' }]);
    await iam.send(new UntagRoleCommand({ RoleName: 'tagged', TagKeys: ['a'] }));
    const after = await iam.send(new ListRoleTagsCommand({ RoleName: 'tagged' }));
    expect([after.Tags, after.IsTruncated]).toEqual([[{ Key: 'b', Value: '2' }], false]);
    expect((await iam.send(new GetRoleCommand({ RoleName: 'tagged' }))).Role?.Tags).toEqual([{ Key: 'b', Value: '2' }]);
  });

  it('attaches managed policies, which also block DeleteRole until detached', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'managed', AssumeRolePolicyDocument: FLOW_LOGS_TRUST }));
    const arn = 'arn:aws:iam::aws:policy/CloudWatchLogsFullAccess';
    await iam.send(new AttachRolePolicyCommand({ RoleName: 'managed', PolicyArn: arn }));
    expect((await iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'managed' }))).AttachedPolicies).toEqual([{ PolicyArn: arn, PolicyName: 'CloudWatchLogsFullAccess' }]);
    const conflict = await failure(iam.send(new DeleteRoleCommand({ RoleName: 'managed' })));
    expect([conflict.name, conflict.message]).toEqual(['DeleteConflictException', 'Cannot delete entity, must detach all policies first.']);
    await iam.send(new DetachRolePolicyCommand({ RoleName: 'managed', PolicyArn: arn }));
    const again = await failure(iam.send(new DetachRolePolicyCommand({ RoleName: 'managed', PolicyArn: arn })));
    expect([again.name, again.message]).toEqual(['NoSuchEntityException', `Policy ${arn} was not found.`]);
    await iam.send(new DeleteRoleCommand({ RoleName: 'managed' }));
  });

  it('updates the description and session duration, within IAM\'s bounds', async () => {
    await iam.send(new CreateRoleCommand({ RoleName: 'updatable', AssumeRolePolicyDocument: FLOW_LOGS_TRUST }));
    expect((await iam.send(new GetRoleCommand({ RoleName: 'updatable' }))).Role?.MaxSessionDuration).toBe(3600);
    await iam.send(new UpdateRoleCommand({ RoleName: 'updatable', Description: 'now described', MaxSessionDuration: 43200 }));
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'updatable' }))).Role!;
    expect([role.Description, role.MaxSessionDuration]).toEqual(['now described', 43200]);
    const tooLong = await failure(iam.send(new UpdateRoleCommand({ RoleName: 'updatable', MaxSessionDuration: 43201 })));
    expect([tooLong.name, tooLong.$metadata.httpStatusCode]).toEqual(['ValidationError', 400]);
  });

  it('keeps roles apart per account', async () => {
    const other = emu.clientsFor('111122223333').iam;
    expect((await failure(other.send(new GetRoleCommand({ RoleName: 'flowlogsRole' })))).name).toBe('NoSuchEntityException');
    const role = (await other.send(new CreateRoleCommand({ RoleName: 'flowlogsRole', AssumeRolePolicyDocument: FLOW_LOGS_TRUST }))).Role!;
    expect(role.Arn).toBe('arn:aws:iam::111122223333:role/flowlogsRole');
  });
});
