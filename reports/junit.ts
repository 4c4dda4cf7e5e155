import type { CtrfReport } from './ctrf';

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

/** Renders the report JSON as JUnit XML: one testcase per step; the failure message is summary plus hint. */
export function toJunit(report: CtrfReport): string {
  const { tests, summary, extra } = report.results;
  const seconds = (ms: number) => (ms / 1000).toFixed(3);
  const cases: Node[] = tests.map((t) => {
    const children: Node[] = [];
    const message = t.extra.hint ? `${t.extra.summary} ${t.extra.hint}` : t.extra.summary;
    if (t.status === 'failed') children.push({ tag: 'failure', attrs: { message, type: t.extra.verdict }, children: [t.extra.detail ? `${message}\n${t.extra.detail}` : message] });
    else if (t.status === 'skipped' || t.status === 'pending' || t.status === 'other') children.push({ tag: 'skipped', attrs: { message: `${t.extra.verdict}: ${message}` } });
    children.push({ tag: 'system-out', children: [`verdict: ${t.extra.verdict}\nsummary: ${t.extra.summary}\nwaited: ${t.extra.waitedMs} ms, attempts: ${t.extra.attempts}, AWS calls: ${t.extra.apiCalls}`] });
    return { tag: 'testcase', attrs: { classname: `labwright.${extra.lab}`, name: `${t.extra.stepId}: ${t.name}`, time: seconds(t.duration) }, children };
  });
  const suite: Node = {
    tag: 'testsuite',
    attrs: {
      name: `${extra.lab} (${extra.target})`,
      tests: summary.tests,
      failures: summary.failed,
      errors: 0,
      skipped: summary.skipped + summary.pending + summary.other,
      time: seconds(summary.duration),
      timestamp: extra.startedAt,
    },
    children: [{ tag: 'properties', children: [
      { tag: 'property', attrs: { name: 'runId', value: extra.runId } },
      { tag: 'property', attrs: { name: 'target', value: extra.target } },
      { tag: 'property', attrs: { name: 'region', value: extra.region } },
    ] }, ...cases],
  };
  const root: Node = { tag: 'testsuites', attrs: { name: 'labwright', tests: summary.tests, failures: summary.failed, time: seconds(summary.duration) }, children: [suite] };
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root)}\n`;
}
