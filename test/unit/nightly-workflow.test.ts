// The example nightly workflow keeps its promises: role sessions within IAM's default hour, labs
// concurrently with their own reports, one sweep that always runs after them, LocalStack kept.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { allLabs } from '../../session/labs';

interface Step { name?: string; uses?: string; run?: string; if?: string; with?: Record<string, unknown> }
interface Job { needs?: string | string[]; if?: string; 'timeout-minutes'?: number; strategy?: { 'fail-fast'?: boolean; matrix?: { lab?: string[] } }; steps: Step[] }
const workflow = parse(readFileSync(join(__dirname, '../../.github/workflows/nightly.yml'), 'utf8')) as { jobs: Record<string, Job> };
const { aws, sweep, localstack } = workflow.jobs;
const assumeSteps = Object.values(workflow.jobs).flatMap((j) => j.steps).filter((s) => s.uses?.startsWith('aws-actions/configure-aws-credentials'));

describe('nightly.yml', () => {
  it('assumes its role for at most the default hour, and every job ends within it', () => {
    expect(assumeSteps.length).toBeGreaterThanOrEqual(2);
    for (const s of assumeSteps) expect(Number(s.with?.['role-duration-seconds'])).toBeLessThanOrEqual(3600);
    expect(aws['timeout-minutes']).toBeLessThanOrEqual(60);
  });

  it('runs every lab concurrently (a matrix, fail-fast off), each with its own report folder and artifact', () => {
    expect(aws.strategy?.['fail-fast']).toBe(false);
    expect(aws.strategy?.matrix?.lab).toEqual(expect.arrayContaining(['vpc-flow-logs', 'cloudtrail-security-monitoring']));
    const run = aws.steps.find((s) => s.run?.includes('labwright run'))!;
    expect(run.run).toContain('labwright run ${{ matrix.lab }} --target aws');
    expect(run.run).toContain('--report-dir out/${{ matrix.lab }}');
    const upload = aws.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(upload.if).toBe('always()');
    expect(String(upload.with?.name)).toContain('${{ matrix.lab }}');
    expect(upload.with?.path).toBe('out/${{ matrix.lab }}/');
  });

  it('every lab it names is a lab labwright knows, or one being added (cloudtrail-security-monitoring)', () => {
    const known = Object.keys(allLabs());
    expect(aws.strategy!.matrix!.lab!.filter((l) => !known.includes(l) && l !== 'cloudtrail-security-monitoring')).toEqual([]);
  });

  it('sweeps once, after the labs, always, in every region', () => {
    expect(sweep.needs).toBe('aws');
    expect(sweep.if).toBe('always()');
    const step = sweep.steps.find((s) => s.run?.includes('labwright sweep'))!;
    expect(step.run).toContain('--all-regions');
    expect(step.run).toContain('--older-than');
    expect(aws.steps.some((s) => s.run?.includes('labwright sweep'))).toBe(false);
  });

  it('keeps the LocalStack job', () => {
    expect(localstack.steps.some((s) => s.run?.includes('labwright run --target localstack'))).toBe(true);
  });
});
