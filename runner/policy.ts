// Least-privilege IAM policies from declared actions, and the mapping from an SDK call (as the
// recording middleware names it, `service:Operation`) to the IAM action that authorizes it.

/** One statement of a policy: every action on `*`, or a few on the resources they are limited to. */
export interface IamStatement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
}

/** An IAM policy document. */
export interface IamPolicy {
  Version: '2012-10-17';
  Statement: IamStatement[];
}

// Where the IAM action is not the API operation's own name (S3 mostly), or no permission is needed.
const RENAMED: Record<string, string[]> = {
  's3:ListBuckets': ['s3:ListAllMyBuckets'],
  's3:HeadBucket': ['s3:ListBucket'],
  's3:ListObjects': ['s3:ListBucket'],
  's3:ListObjectsV2': ['s3:ListBucket'],
  's3:ListObjectVersions': ['s3:ListBucketVersions'],
  's3:HeadObject': ['s3:GetObject'],
  's3:DeleteObjects': ['s3:DeleteObject'],
  // Athena reads a query's result file from S3 as the caller.
  'athena:GetQueryResults': ['athena:GetQueryResults', 's3:GetObject'],
  // GetCallerIdentity is allowed to every principal and cannot be denied.
  'sts:GetCallerIdentity': [],
};

// Athena runs a statement as the caller: it reads the Glue catalog, reads the data, and writes the
// result file (and its metadata) to the result location. What each kind of statement touches:
const ATHENA_RESULT = ['s3:GetBucketLocation', 's3:PutObject'];
const ATHENA_SQL: Record<string, string[]> = {
  select: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions', 's3:GetObject', 's3:ListBucket'],
  'show-partitions': ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
  show: ['glue:GetDatabase', 'glue:GetTable'],
  'create-table': ['glue:GetDatabase', 'glue:CreateTable'],
  'add-partition': ['glue:GetTable', 'glue:BatchCreatePartition'],
  'drop-table': ['glue:GetTable', 'glue:DeleteTable'],
  'create-database': ['glue:CreateDatabase'],
  'drop-database': ['glue:GetDatabase', 'glue:DeleteDatabase'],
};

// Tag-on-create is authorized by the service's tagging action (IAM: Tag<Entity>).
const TAG_ACTION: Record<string, (operation: string) => string> = {
  ec2: () => 'ec2:CreateTags',
  logs: () => 'logs:TagResource',
  sns: () => 'sns:TagResource',
  cloudwatch: () => 'cloudwatch:TagResource',
  athena: () => 'athena:TagResource',
  s3: () => 's3:PutBucketTagging',
  iam: (op) => `iam:Tag${op.replace(/^Create/, '')}`,
};

// What creating a flow log asks of the caller besides ec2:CreateFlowLogs, by destination type.
const FLOW_LOG_DESTINATION: Record<string, string[]> = {
  // EC2 passes the delivery role to the service.
  'cloud-watch-logs': ['iam:PassRole'],
  // Log delivery to S3 is set up (and torn down) in the caller's name, and the bucket policy added.
  s3: ['logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 's3:GetBucketPolicy', 's3:PutBucketPolicy'],
  'kinesis-data-firehose': ['logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'iam:CreateServiceLinkedRole', 'firehose:TagDeliveryStream'],
};

// Service names whose IAM prefix differs: the SDK's serviceId ("CloudWatch Logs") and the SigV4
// signing names an endpoint logs (CloudWatch signs as "monitoring"). The recorder already uses IAM's.
const PREFIX: Record<string, string> = { 'cloudwatch logs': 'logs', 'cloudwatch-logs': 'logs', monitoring: 'cloudwatch' };

/**
 * The IAM actions that authorize one API call, e.g. `s3:ListBuckets` → `["s3:ListAllMyBuckets"]`.
 * A call may carry qualifiers (`ec2:CreateFlowLogs[s3,tagged]`, `athena:StartQueryExecution[select]`,
 * aws/calls.ts callQualifiers) for the actions AWS asks of the caller on the call's behalf.
 */
export function iamActionsFor(call: string): string[] {
  const m = /^([^:]+):([A-Za-z0-9]+)(?:\[([a-z0-9,-]*)\])?$/.exec(call);
  if (!m) throw new Error(`'${call}' is not a service:Operation pair.`);
  const service = PREFIX[m[1].toLowerCase()] ?? m[1].toLowerCase();
  const operation = m[2];
  const qualifiers = m[3] ? m[3].split(',').filter(Boolean) : [];
  const key = `${service}:${operation}`;
  const actions = [...(RENAMED[key] ?? [key])];
  for (const q of qualifiers) {
    if (q === 'tagged') actions.push(TAG_ACTION[service]?.(operation) ?? `${service}:TagResource`);
    else if (key === 'athena:StartQueryExecution') actions.push(...ATHENA_RESULT, ...(ATHENA_SQL[q] ?? []));
    else if (key === 'ec2:CreateFlowLogs') actions.push(...(FLOW_LOG_DESTINATION[q] ?? []));
    else throw new Error(`Call ${call}: unknown qualifier '${q}'.`);
  }
  return [...new Set(actions)];
}

/** The IAM actions a set of calls needs, sorted and without duplicates. */
export function iamActionsOfCalls(calls: Iterable<string>): string[] {
  return [...new Set([...calls].flatMap(iamActionsFor))].sort();
}

/** Whether a policy's actions allow an IAM action (exact, `service:*` or a trailing-`*` prefix). */
export function allows(actions: Iterable<string>, action: string): boolean {
  const wanted = action.toLowerCase();
  for (const a of actions) {
    const have = a.toLowerCase();
    if (have === wanted || have === '*') return true;
    if (have.endsWith('*') && wanted.startsWith(have.slice(0, -1))) return true;
  }
  return false;
}

/** The API calls (`service:Operation`) that the given IAM actions do not authorize. */
export function uncoveredCalls(calls: Iterable<string>, actions: Iterable<string>): string[] {
  const have = [...actions];
  return [...new Set(calls)].filter((c) => iamActionsFor(c).some((a) => !allows(have, a))).sort();
}

const SERVICE_NAMES: Record<string, string> = {
  ec2: 'Ec2',
  s3: 'S3',
  iam: 'Iam',
  sts: 'Sts',
  sns: 'Sns',
  logs: 'Logs',
  cloudwatch: 'CloudWatch',
  athena: 'Athena',
  glue: 'Glue',
  cloudtrail: 'CloudTrail',
};

/** IAM action → the resource ARN patterns it is limited to; actions not named here apply to `*`. */
export type ResourceScopes = Readonly<Record<string, readonly string[]>>;

const sidOf = (service: string) => SERVICE_NAMES[service] ?? service.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase());

/**
 * A policy allowing exactly `actions`: one statement per service (so a reader sees at a glance
 * what each service is asked for), services and actions sorted, duplicates removed. An action
 * with a scope goes to a statement of its own limited to those resources (`…S3Scoped1`).
 * `sidPrefix` names the purpose (`LabwrightCheck` → `LabwrightCheckEc2`).
 */
export function buildPolicy(actions: Iterable<string>, sidPrefix: string, scopes: ResourceScopes = {}): IamPolicy {
  const byService = new Map<string, Set<string>>();
  const scoped = new Map<string, Set<string>>();
  for (const action of actions) {
    const m = /^([a-z0-9-]+):([A-Za-z0-9*]+)$/.exec(action);
    if (!m) throw new Error(`'${action}' is not an IAM action name like ec2:DescribeFlowLogs.`);
    const resources = scopes[action];
    if (resources?.length) {
      const key = JSON.stringify([...resources].sort());
      if (!scoped.has(key)) scoped.set(key, new Set());
      scoped.get(key)!.add(action);
      continue;
    }
    if (!byService.has(m[1])) byService.set(m[1], new Set());
    byService.get(m[1])!.add(action);
  }
  const statements: IamStatement[] = [...byService.keys()].sort().map((s) => ({
    Sid: `${sidPrefix}${sidOf(s)}`,
    Effect: 'Allow' as const,
    Action: [...byService.get(s)!].sort(),
    Resource: '*',
  }));
  [...scoped.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .forEach(([key, acts], n) => {
      const resources = JSON.parse(key) as string[];
      const service = [...acts][0].split(':')[0];
      statements.push({ Sid: `${sidPrefix}${sidOf(service)}Scoped${n + 1}`, Effect: 'Allow', Action: [...acts].sort(), Resource: resources.length === 1 ? resources[0] : resources });
    });
  return { Version: '2012-10-17', Statement: statements };
}

/** Every action a policy allows. */
export function policyActions(policy: IamPolicy): string[] {
  return policy.Statement.flatMap((s) => s.Action);
}
