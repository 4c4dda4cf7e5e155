/**
 * The few AWS managed policies the emulator knows by content, so attaching them grants what they
 * grant on AWS. Others are not modelled: AttachUserPolicy refuses them as unknown.
 */
const POLICIES: Record<string, object> = {
  AdministratorAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  PowerUserAccess: {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', NotAction: ['iam:*', 'organizations:*', 'account:*'], Resource: '*' },
      { Effect: 'Allow', Action: ['iam:CreateServiceLinkedRole', 'iam:DeleteServiceLinkedRole', 'iam:ListRoles', 'organizations:DescribeOrganization', 'account:ListRegions', 'account:GetAccountInformation'], Resource: '*' },
    ],
  },
  'job-function/ViewOnlyAccess': { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['*:List*', '*:Describe*', '*:Get*'], Resource: '*' }] },
  AWSCloudTrail_ReadOnlyAccess: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: ['cloudtrail:Get*', 'cloudtrail:Describe*', 'cloudtrail:List*', 'cloudtrail:LookupEvents'], Resource: '*' }] },
};

/** The document of a known AWS managed policy (`arn:aws:iam::aws:policy/<name>`), as JSON text, or undefined. */
export function awsManagedPolicy(arn: string): string | undefined {
  const m = /^arn:aws:iam::aws:policy\/(.+)$/.exec(arn);
  const doc = m ? POLICIES[m[1]] : undefined;
  return doc ? JSON.stringify(doc) : undefined;
}
