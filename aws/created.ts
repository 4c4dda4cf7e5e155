// What a successful create call made, read from its input and output: the clients report it (see
// `onCreated` in clients.ts) before the call returns to the helper that made it, so a run's ledger
// learns of every resource even when a step forgets to record it. Ids and meta follow what
// teardown needs to delete each kind.

/** One resource a create call made. `kind` is a teardown kind (runner/ledger.ts TEARDOWN_ORDER). */
export interface CreatedResource {
  kind: string;
  id: string;
  meta?: Record<string, string>;
}

type In = Record<string, any>;
type Out = Record<string, any>;
type Reader = (input: In, output: Out) => CreatedResource | undefined;

const withMeta = (meta: Record<string, string | undefined>): Record<string, string> | undefined => {
  const m = Object.fromEntries(Object.entries(meta).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
  return Object.keys(m).length ? m : undefined;
};
const made = (kind: string, id: unknown, meta?: Record<string, string | undefined>): CreatedResource | undefined =>
  typeof id === 'string' && id ? { kind, id, ...(meta && withMeta(meta) ? { meta: withMeta(meta) } : {}) } : undefined;

/** Create operations by `service:Operation`, and how to read what each made. */
const CREATES: Record<string, Reader> = {
  'ec2:CreateVpc': (_i, o) => made('vpc', o.Vpc?.VpcId),
  'ec2:CreateSubnet': (i, o) => made('subnet', o.Subnet?.SubnetId, { vpcId: i.VpcId }),
  'ec2:CreateInternetGateway': (_i, o) => made('internet-gateway', o.InternetGateway?.InternetGatewayId),
  'ec2:AttachInternetGateway': (i) => made('internet-gateway-attachment', i.InternetGatewayId, { vpcId: i.VpcId }),
  'ec2:CreateRouteTable': (i, o) => made('route-table', o.RouteTable?.RouteTableId, { vpcId: i.VpcId }),
  'ec2:CreateRoute': (i) => made('route', `${i.RouteTableId}:${i.DestinationCidrBlock}`, { routeTableId: i.RouteTableId, destination: i.DestinationCidrBlock }),
  'ec2:AssociateRouteTable': (i, o) => made('route-table-association', o.AssociationId, { routeTableId: i.RouteTableId, subnetId: i.SubnetId }),
  'ec2:CreateSecurityGroup': (i, o) => made('security-group', o.GroupId, { vpcId: i.VpcId, name: i.GroupName }),
  'ec2:CreateKeyPair': (i) => made('key-pair', i.KeyName),
  'ec2:RunInstances': (_i, o) => made('instance', o.Instances?.[0]?.InstanceId, { vpcId: o.Instances?.[0]?.VpcId }),
  'ec2:CreateFlowLogs': (i, o) => made('flow-log', o.FlowLogIds?.[0], { vpcId: i.ResourceIds?.[0] }),
  's3:CreateBucket': (i) => made('bucket', i.Bucket),
  'iam:CreateRole': (i) => made('role', i.RoleName),
  'iam:PutRolePolicy': (i) => made('role-policy', `${i.RoleName}:${i.PolicyName}`, { roleName: i.RoleName, policyName: i.PolicyName }),
  'logs:CreateLogGroup': (i) => made('log-group', i.logGroupName),
  'logs:PutMetricFilter': (i) => made('metric-filter', i.filterName, { logGroup: i.logGroupName, logGroupName: i.logGroupName }),
  'sns:CreateTopic': (_i, o) => made('sns-topic', o.TopicArn),
  // A subscription waiting for confirmation has no ARN yet; deleting its topic removes it.
  'sns:Subscribe': (i, o) =>
    String(o.SubscriptionArn ?? '').startsWith('arn:')
      ? made('sns-subscription', o.SubscriptionArn, { topicArn: i.TopicArn })
      : made('sns-subscription', `pending confirmation ${i.TopicArn}`, { topicArn: i.TopicArn }),
  'cloudwatch:PutMetricAlarm': (i) => made('alarm', i.AlarmName),
  'athena:CreateWorkGroup': (i) => made('athena-workgroup', i.Name),
  'cloudtrail:CreateTrail': (i) => made('trail', i.Name),
  'iam:CreateUser': (i) => made('user', i.UserName),
  'iam:CreateAccessKey': (i, o) => made('access-key', o.AccessKey?.AccessKeyId, { userName: o.AccessKey?.UserName ?? i.UserName }),
};

/** What a successful call made, or undefined for calls that create nothing teardown deletes. */
export function createdBy(service: string, operation: string, input: unknown, output: unknown): CreatedResource | undefined {
  const read = CREATES[`${service}:${operation}`];
  return read ? read((input ?? {}) as In, (output ?? {}) as Out) : undefined;
}
