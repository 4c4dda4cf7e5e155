import type { RequestContext } from '../../emulator/framework/types';
import { provider } from '../../emulator/services/iam/provider';
import { getRole, getRoleByArn, roleTrustsService, type IamState } from '../../emulator/services/iam/store';
import { FakeClock } from '../../core/clock';

// Handler-level tests of what other services read from IAM; the wire is covered by iam-sdk.test.ts.
function fakeContext(state: IamState): RequestContext {
  const clock = new FakeClock();
  return {
    accountId: '111122223333', region: 'us-east-1', requestId: 'r', service: 'iam', operation: 'test', clock,
    state: <S>() => state as unknown as S,
    stateOf: () => { throw new Error('not used'); },
    runtime: { clock, engines: new Map(), markDirty: () => undefined },
  };
}

const trust = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
const flowLogsTrust = trust({ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole' });

describe('IAM store accessors', () => {
  const state = provider.createState();
  const ctx = fakeContext(state);
  beforeAll(() => {
    provider.handlers.CreateRole({ RoleName: 'FlowLogsRole', Path: '/service/', AssumeRolePolicyDocument: flowLogsTrust }, ctx);
    provider.handlers.PutRolePolicy({ RoleName: 'FlowLogsRole', PolicyName: 'write', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}' }, ctx);
  });

  it('finds a role by name, case-insensitively, and by its exact ARN with decoded documents', () => {
    const role = getRole(state, 'flowlogsrole');
    expect(role?.Arn).toBe('arn:aws:iam::111122223333:role/service/FlowLogsRole');
    expect(role?.AssumeRolePolicyDocument).toBe(flowLogsTrust);
    expect(getRoleByArn(state, 'arn:aws:iam::111122223333:role/service/FlowLogsRole')?.policies).toEqual({
      write: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"logs:*","Resource":"*"}]}',
    });
    expect(getRoleByArn(state, 'arn:aws:iam::111122223333:role/FlowLogsRole')).toBeUndefined();
    expect(getRoleByArn(state, 'not-an-arn')).toBeUndefined();
  });

  it('tells whether a trust policy lets a service assume the role', () => {
    const svc = 'vpc-flow-logs.amazonaws.com';
    expect(roleTrustsService({ AssumeRolePolicyDocument: flowLogsTrust }, svc)).toBe(true);
    expect(roleTrustsService({ AssumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { Service: ['ec2.amazonaws.com', svc] }, Action: ['sts:*'] }) }, svc)).toBe(true);
    expect(roleTrustsService({ AssumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { Service: svc }, Action: '*' }) }, svc)).toBe(true);
    expect(roleTrustsService({ AssumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }) }, svc)).toBe(false);
    expect(roleTrustsService({ AssumeRolePolicyDocument: trust({ Effect: 'Deny', Principal: { Service: svc }, Action: 'sts:AssumeRole' }) }, svc)).toBe(false);
    expect(roleTrustsService({ AssumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { Service: svc }, Action: 'sts:TagSession' }) }, svc)).toBe(false);
    expect(roleTrustsService({ AssumeRolePolicyDocument: 'not json' }, svc)).toBe(false);
  });

  it('rejects trust policies with a Resource and identity policies with a Principal', () => {
    expect(() => provider.handlers.CreateRole({ RoleName: 'Bad', AssumeRolePolicyDocument: trust({ Effect: 'Allow', Principal: { Service: 'x' }, Action: 'sts:AssumeRole', Resource: '*' }) }, ctx))
      .toThrow('Has prohibited field Resource');
    expect(() => provider.handlers.PutRolePolicy({ RoleName: 'FlowLogsRole', PolicyName: 'p', PolicyDocument: trust({ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }) }, ctx))
      .toThrow('Policy document should not specify a principal.');
  });
});
