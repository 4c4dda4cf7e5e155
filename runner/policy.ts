// Least-privilege IAM policies from declared actions, and the mapping from an SDK call (as the
// recording middleware names it, `service:Operation`) to the IAM action that authorizes it.

/** An IAM policy document. */
export interface IamPolicy {
  Version: '2012-10-17';
  Statement: Array<{ Sid: string; Effect: 'Allow'; Action: string[]; Resource: '*' }>;
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
  // GetCallerIdentity is allowed to every principal and cannot be denied.
  'sts:GetCallerIdentity': [],
};

// Service names whose IAM prefix differs: the SDK's serviceId ("CloudWatch Logs") and the SigV4
// signing names an endpoint logs (CloudWatch signs as "monitoring"). The recorder already uses IAM's.
const PREFIX: Record<string, string> = { 'cloudwatch logs': 'logs', 'cloudwatch-logs': 'logs', monitoring: 'cloudwatch' };

/** The IAM actions that authorize one API call, e.g. `s3:ListBuckets` → `["s3:ListAllMyBuckets"]`. */
export function iamActionsFor(call: string): string[] {
  const at = call.indexOf(':');
  if (at < 0) throw new Error(`'${call}' is not a service:Operation pair.`);
  const service = call.slice(0, at).toLowerCase();
  const key = `${PREFIX[service] ?? service}:${call.slice(at + 1)}`;
  return RENAMED[key] ?? [key];
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

/**
 * A policy allowing exactly `actions`: one statement per service (so a reader sees at a glance
 * what each service is asked for), services and actions sorted, duplicates removed. `sidPrefix`
 * names the purpose (`LabwrightCheck` → `LabwrightCheckEc2`).
 */
export function buildPolicy(actions: Iterable<string>, sidPrefix: string): IamPolicy {
  const byService = new Map<string, Set<string>>();
  for (const action of actions) {
    const m = /^([a-z0-9-]+):([A-Za-z0-9*]+)$/.exec(action);
    if (!m) throw new Error(`'${action}' is not an IAM action name like ec2:DescribeFlowLogs.`);
    if (!byService.has(m[1])) byService.set(m[1], new Set());
    byService.get(m[1])!.add(action);
  }
  const services = [...byService.keys()].sort();
  return {
    Version: '2012-10-17',
    Statement: services.map((s) => ({
      Sid: `${sidPrefix}${SERVICE_NAMES[s] ?? s.replace(/(^|-)([a-z])/g, (_m, _d, c: string) => c.toUpperCase())}`,
      Effect: 'Allow' as const,
      Action: [...byService.get(s)!].sort(),
      Resource: '*' as const,
    })),
  };
}

/** Every action a policy allows. */
export function policyActions(policy: IamPolicy): string[] {
  return policy.Statement.flatMap((s) => s.Action);
}
