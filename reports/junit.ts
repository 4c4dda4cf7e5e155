import type { RunProblem } from '../runner/model';
import { problemsOf, type CtrfReport } from './ctrf';

/** Escapes text for XML content and attribute values. */
export function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!)
    // Characters XML 1.0 cannot carry at all.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '');
}

type Node = { tag: string; attrs?: Record<string, string | number | undefined>; children?: Array<Node | string> };

function render(node: Node, indent = ''): string {
  const attrs = Object.entries(node.attrs ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
  const children = node.children ?? [];
  if (!children.length) return `${indent}<${node.tag}${attrs}/>`;
  if (children.every((c) => typeof c === 'string')) return `${indent}<${node.tag}${attrs}>${xmlEscape(children.join(''))}</${node.tag}>`;
  const inner = children.map((c) => (typeof c === 'string' ? `${indent}  ${xmlEscape(c)}` : render(c, `${indent}  `))).join('\n');
  return `${indent}<${node.tag}${attrs}>\n${inner}\n${indent}</${node.tag}>`;
}

/** JUnit's testcase for a problem that no step stands for: the environment, the teardown, an interruption between steps. */
const PROBLEM_CASE: Record<RunProblem['kind'], string> = {
  provisioning: 'environment: provision the lab environment',
  interrupted: 'run: interrupted',
  teardown: 'teardown: delete what the run created',
};

/** "skipped: Skipped: …" says it twice: the verdict leads only when the message does not already. */
function withVerdict(verdict: string, message: string): string {
  return message.toLowerCase().startsWith(verdict.toLowerCase()) ? message : `${verdict}: ${message}`;
}

/**
 * Renders the report JSON as JUnit XML: one testcase per step; the failure message is summary plus
 * hint. A run that broke is an error, never a green row of skipped tests: a provisioning failure and
 * a teardown that left resources are testcases of their own with an `<error>`, and the steps an
 * interruption cut short are `<error>`s (with a testcase of its own when no step was running).
 */
export function toJunit(report: CtrfReport): string {
  const { tests, summary, extra } = report.results;
  const problems = problemsOf(report);
  const cutShort = new Map<string, RunProblem>();
  for (const p of problems) if (p.kind === 'interrupted') for (const id of p.steps ?? []) cutShort.set(id, p);
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const classname = `labwright.${extra.lab}`;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const stepCases: Node[] = tests.map((t) => {
    const children: Node[] = [];
    const message = t.extra.hint ? `${t.extra.summary} ${t.extra.hint}` : t.extra.summary;
    const interruption = cutShort.get(t.extra.stepId);
    if (interruption) {
      errors++;
      children.push({ tag: 'error', attrs: { message: interruption.message, type: 'interrupted' }, children: [`${interruption.message}\n${message}`] });
    } else if (t.status === 'failed') {
      failures++;
      children.push({ tag: 'failure', attrs: { message, type: t.extra.verdict }, children: [t.extra.detail ? `${message}\n${t.extra.detail}` : message] });
    } else if (t.status === 'skipped' || t.status === 'pending' || t.status === 'other') {
      skipped++;
      children.push({ tag: 'skipped', attrs: { message: withVerdict(t.extra.verdict, message) } });
    }
    children.push({ tag: 'system-out', children: [`verdict: ${t.extra.verdict}\nsummary: ${t.extra.summary}\nwaited: ${t.extra.waitedMs} ms, attempts: ${t.extra.attempts}, AWS calls: ${t.extra.apiCalls}`] });
    return { tag: 'testcase', attrs: { classname, name: `${t.extra.stepId}: ${t.name}`, time: seconds(t.duration) }, children };
  });
  const problemCase = (p: RunProblem): Node => {
    errors++;
    const text = p.left?.length ? `${p.message}\nleft standing:\n${p.left.join('\n')}` : p.message;
    return { tag: 'testcase', attrs: { classname, name: PROBLEM_CASE[p.kind], time: seconds(0) }, children: [{ tag: 'error', attrs: { message: p.message, type: p.kind }, children: [text] }] };
  };
  // In the order they happened: the environment, the steps (or the interruption when none ran), the teardown.
  const before = problems.filter((p) => p.kind === 'provisioning' || (p.kind === 'interrupted' && !p.steps?.length)).map(problemCase);
  const after = problems.filter((p) => p.kind === 'teardown').map(problemCase);
  const cases = [...before, ...stepCases, ...after];
  const suite: Node = {
    tag: 'testsuite',
    attrs: {
      name: `${extra.lab} (${extra.target})`,
      tests: cases.length,
      failures,
      errors,
      skipped,
      time: seconds(summary.duration),
      timestamp: extra.startedAt,
    },
    children: [{ tag: 'properties', children: [
      { tag: 'property', attrs: { name: 'runId', value: extra.runId } },
      { tag: 'property', attrs: { name: 'target', value: extra.target } },
      { tag: 'property', attrs: { name: 'region', value: extra.region } },
    ] }, ...cases],
  };
  const root: Node = { tag: 'testsuites', attrs: { name: 'labwright', tests: cases.length, failures, errors, time: seconds(summary.duration) }, children: [suite] };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root)}\n`;
}
