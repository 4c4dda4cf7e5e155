// The ledger is complete: every create call a full run of the lab makes (as the embedded emulator's
// request log saw it) left an entry in the run's ledger, so teardown knows of everything it made.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { clearSecrets } from '../../core/redact';
import { accountEnvironment } from '../../environments/account';
import { defineLab } from '../../runner/lab';
import { result } from '../../runner/model';
import type { LedgerEntry } from '../../runner/ledger';
import { teardown } from '../../runner/teardown';
import { CleanupLedger } from '../../runner/ledger';
import { CallRecorder } from '../../aws/calls';
import { vpcFlowLogs } from '../../scenarios/vpc-flow-logs.scenario';
import { clientsFor, runSession } from '../../session/session';
import { resolveTarget } from '../../session/targets';

/** The ledger kind each create operation makes (service:Operation as the request log names it). */
const CREATES: Record<string, LedgerEntry['kind']> = {
  'ec2:CreateVpc': 'vpc',
  'ec2:CreateSubnet': 'subnet',
  'ec2:CreateInternetGateway': 'internet-gateway',
  'ec2:AttachInternetGateway': 'internet-gateway-attachment',
  'ec2:CreateRouteTable': 'route-table',
  'ec2:CreateRoute': 'route',
  'ec2:AssociateRouteTable': 'route-table-association',
  'ec2:CreateSecurityGroup': 'security-group',
  'ec2:CreateKeyPair': 'key-pair',
  'ec2:RunInstances': 'instance',
  'ec2:CreateFlowLogs': 'flow-log',
  's3:CreateBucket': 'bucket',
  'iam:CreateRole': 'role',
  'iam:PutRolePolicy': 'role-policy',
  'logs:CreateLogGroup': 'log-group',
  'logs:PutMetricFilter': 'metric-filter',
  'sns:CreateTopic': 'sns-topic',
  'sns:Subscribe': 'sns-subscription',
  'monitoring:PutMetricAlarm': 'alarm',
};

afterAll(() => clearSecrets());

describe('the cleanup ledger', () => {
  it('holds an entry for every successful create call of a full run', async () => {
    const target = await resolveTarget({ target: 'embedded' });
    const dir = mkdtempSync(join(tmpdir(), 'lw-ledger-'));
    try {
      const out = await runSession({ mode: 'run', lab: vpcFlowLogs, target, reporters: [], reportDir: dir, keep: true, log: () => undefined });
      expect(out.exitCode).toBe(0);
      const log = (await (await fetch(`${target.endpoint}/_emulator/requests`)).json()) as Array<{ service: string; operation: string; status: number; invocationId?: string }>;
      expect(log.length).toBeLessThan(1000);
      const ledger: LedgerEntry[] = JSON.parse(readFileSync(out.ledgerFile!, 'utf8')).entries;

      // One successful call per SDK invocation (a retried call answers once); counted per kind.
      const made = new Map<string, Set<string>>();
      log.forEach((r, i) => {
        const kind = CREATES[`${r.service}:${r.operation}`];
        if (!kind || r.status >= 300) return;
        if (!made.has(kind)) made.set(kind, new Set());
        made.get(kind)!.add(r.invocationId ?? String(i));
      });
      expect([...made.keys()].sort()).toEqual([...new Set(Object.values(CREATES))].sort());
      const recorded = (kind: string) => ledger.filter((e) => e.kind === kind).length;
      const missing = [...made].filter(([kind, calls]) => recorded(kind) < calls.size).map(([kind, calls]) => `${kind}: ${calls.size} created, ${recorded(kind)} in the ledger`);
      expect(missing).toEqual([]);
      // Query 1 creates the table through Athena: it is in the ledger too.
      expect(recorded('athena-table')).toBe(1);

      const left = await teardown(new CleanupLedger(out.ledgerFile), clientsFor(target, new CallRecorder(), false), () => undefined);
      expect(left.failed).toEqual([]);
    } finally {
      await target.close();
    }
  });

  it('records what a step creates even when the step does not record it', async () => {
    const careless = defineLab({
      id: 'careless',
      title: 'A step that forgets the ledger',
      environment: { provision: (d) => accountEnvironment(d.clients, d.region), discover: accountEnvironment, iam: { discover: [], provision: [] } },
      steps: [
        {
          id: 'raw-create',
          title: 'Create a log group with a bare SDK call',
          // Tagged with the run id, as every create must be: teardown deletes only what carries it.
          solve: async (ctx) => void (await ctx.clients.logs.send(new CreateLogGroupCommand({ logGroupName: 'forgotten-group', tags: { 'labwright:run-id': ctx.runId } }))),
          check: async () => result('passed', 'Created.'),
          iam: { check: [] },
        },
      ],
    });
    const target = await resolveTarget({ target: 'embedded' });
    const dir = mkdtempSync(join(tmpdir(), 'lw-ledger-'));
    try {
      const out = await runSession({ mode: 'run', lab: careless, target, reporters: [], reportDir: dir, log: () => undefined });
      expect(out.exitCode).toBe(0);
      // The run tore it down: teardown knew of it although the step never wrote to the ledger.
      expect(out.leftStanding).toBe(0);
      const left = await clientsFor(target, new CallRecorder(), true).logs.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: 'forgotten-group' }));
      expect(left.logGroups ?? []).toEqual([]);
    } finally {
      await target.close();
    }
  });
});
