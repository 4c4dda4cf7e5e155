// Run-scoped names (runner/names.ts): every kind of AWS name stays within AWS's charset and length
// with the run's suffix kept whole, and bindNames/named give a step the run's names.
import { runId } from '../../core/ids';
import { bindNames, literalNames, named, scopedName, scopedNames, type NameKind } from '../../runner/names';
import { RUN_NAMES } from '../../fixtures/vpc-flow-logs/lab';
import { RUN_NAMES as TRAIL_RUN_NAMES } from '../../fixtures/cloudtrail-security-monitoring/lab';

const ID = runId(new Date('2026-11-28T21:54:00Z'));
const LONG = 'x'.repeat(600);

// AWS's documented limits per kind of name.
const VALID: Record<NameKind, RegExp> = {
  's3-bucket': /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/,
  'iam-role': /^[\w+=,.@-]{1,64}$/,
  'log-group': /^[.\-_/#A-Za-z0-9]{1,512}$/,
  'metric-filter': /^[^:*]{1,512}$/,
  'metric-namespace': /^[A-Za-z0-9.\-_/#: ]{1,255}$/,
  alarm: /^[\x20-\x7e]{1,255}$/,
  'sns-topic': /^[A-Za-z0-9_-]{1,256}$/,
  'key-pair': /^[\x20-\x7e]{1,255}$/,
  'security-group': /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/,
  'athena-database': /^[a-z0-9_]{1,128}$/,
  'athena-table': /^[a-z0-9_]{1,128}$/,
  'athena-workgroup': /^[A-Za-z0-9._-]{1,128}$/,
  // Starts and ends with a letter or digit, no two of . _ - side by side.
  'cloudtrail-trail': /^(?!.*[._-]{2})[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/,
  'iam-user': /^[\w+=,.@-]{1,64}$/,
};

describe('scopedName', () => {
  test.each(Object.keys(VALID) as NameKind[])('%s: valid for AWS, short or long, with the run id at the end', (kind) => {
    const literal = kind === 'athena-table' ? 'vpc_flow_logs' : 'Lab Name_1';
    for (const base of kind === 'athena-table' ? [literal] : [literal, LONG]) {
      const name = scopedName(base, kind, ID);
      expect(name).toMatch(VALID[kind]);
      if (kind !== 'athena-table') expect(name.toLowerCase().replace(/[^a-z0-9]/g, '')).toMatch(new RegExp(`${ID.replace(/[^a-z0-9]/g, '')}$`));
    }
  });

  test('a trail name stays valid whatever the literal holds at its edges or between words', () => {
    for (const literal of ['-My..Trail_', 'Security Trail', '_x', `${'a'.repeat(120)}--`]) expect(scopedName(literal, 'cloudtrail-trail', ID)).toMatch(VALID['cloudtrail-trail']);
    expect(scopedName('SecurityTrail', 'cloudtrail-trail', ID)).toBe(`SecurityTrail-${ID}`);
    expect(scopedName('lab-intruder', 'iam-user', ID)).toBe(`lab-intruder-${ID}`);
  });

  test("the lab's names become the run's own, and two runs never share one", () => {
    const a = scopedNames(RUN_NAMES, ID);
    const b = scopedNames(RUN_NAMES, runId(new Date('2026-11-28T21:54:00Z')));
    expect(a.of('VPCFlowLogs')).toBe(`VPCFlowLogs-${ID}`);
    expect(a.of('DeliverVPCFlowLogsRole')).toBe(`DeliverVPCFlowLogsRole-${ID}`);
    expect(a.of('default')).toBe(`default_${ID.replace(/-/g, '_')}`);
    expect(a.of('primary')).toBe(`primary-${ID}`);
    expect(a.of('vpc_flow_logs')).toBe('vpc_flow_logs');
    for (const [literal, name, kind] of a.entries()) if (kind !== 'athena-table') expect(b.of(literal)).not.toBe(name);
  });

  test.each([
    ['vpc-flow-logs', RUN_NAMES],
    ['cloudtrail-security-monitoring', TRAIL_RUN_NAMES],
  ])("every name %s declares is, in a run, valid for AWS and the run's own", (_lab, names) => {
    const run = scopedNames(names, ID);
    for (const [literal, name, kind] of run.entries()) {
      expect(name).toMatch(VALID[kind]);
      if (kind !== 'athena-table') expect(name).not.toBe(literal);
    }
  });

  test('literal names are the lab text\'s, and undeclared strings pass through', () => {
    const l = literalNames(RUN_NAMES);
    expect(l.scoped).toBe(false);
    expect(l.of('VPCFlowLogs')).toBe('VPCFlowLogs');
    expect(scopedNames(RUN_NAMES, ID).of('Create a VPC Flow Log to S3')).toBe('Create a VPC Flow Log to S3');
  });
});

describe('bindNames and named', () => {
  const names = scopedNames({ VPCFlowLogs: 'log-group', 'SSH rejects': 'alarm' }, ID);

  test('replaces declared names deeply and keeps everything else', () => {
    const sql = () => 'SELECT 1';
    const bound = bindNames({ logGroup: 'VPCFlowLogs', nested: { list: ['SSH rejects', 'other'] }, n: 3, sql }, names);
    expect(bound).toEqual({ logGroup: `VPCFlowLogs-${ID}`, nested: { list: [`SSH rejects-${ID}`, 'other'] }, n: 3, sql });
  });

  test("a named block sees the run's names in run and the literal ones otherwise", async () => {
    const seen: string[] = [];
    const step = named((p: { logGroup: string }) => async (_ctx: { names?: typeof names }) => void seen.push(p.logGroup), { logGroup: 'VPCFlowLogs' });
    await step({ names });
    await step({});
    await step({ names: literalNames({ VPCFlowLogs: 'log-group' }) });
    expect(seen).toEqual([`VPCFlowLogs-${ID}`, 'VPCFlowLogs', 'VPCFlowLogs']);
  });
});
