#!/usr/bin/env node
// Enforces the layers (architecture §2, docs/authoring.md): each folder may import only the folders
// listed for it, with no exceptions, and the import graph of the sources has no cycle. Runs as part
// of `npm test`; exits 1 naming every offending import and every cycle.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
// Top-down: bin → session → reports / scenarios → steps, checks, environments, fixtures → runner → aws → core.
const ALLOWED = {
  core: [],
  flowlogs: ['core'],
  patterns: ['core'],
  emulator: ['core', 'flowlogs', 'patterns'],
  aws: ['core'],
  runner: ['core', 'flowlogs', 'patterns', 'aws'],
  environments: ['core', 'aws', 'runner'],
  steps: ['core', 'flowlogs', 'patterns', 'aws', 'runner'],
  checks: ['core', 'flowlogs', 'patterns', 'aws', 'runner'],
  fixtures: ['core', 'flowlogs', 'environments'],
  scenarios: ['core', 'flowlogs', 'patterns', 'aws', 'runner', 'environments', 'steps', 'checks', 'fixtures'],
  reports: ['core', 'runner'],
  session: ['core', 'flowlogs', 'patterns', 'aws', 'runner', 'reports', 'emulator'],
  bin: ['core', 'patterns', 'emulator', 'runner', 'reports', 'session'],
  jest: [],
};
// Not layers of the product: they may import any layer, and no layer may import them.
const OUTSIDE = new Set(['test', 'bench', 'scripts', 'examples', 'docs', 'node_modules', 'out', 'dist']);
// The one script the package ships (package.json `files`): the launchers (bin/labwright.js, index.js)
// load it to run the compiled dist/ (it imports no layer).
const SHIPPED_SCRIPTS = new Set(['scripts/build.js']);

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

/** The file a relative specifier resolves to (.ts, .js, /index.ts), or undefined. */
function resolveFile(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  for (const c of [base, `${base}.ts`, `${base}.js`, path.join(base, 'index.ts'), path.join(base, 'index.js')]) {
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return c;
  }
  return undefined;
}

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const problems = [];
const graph = new Map();
const folders = fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.') && !OUTSIDE.has(e.name)).map((e) => e.name);
for (const folder of folders) {
  const allowed = ALLOWED[folder];
  const files = walk(path.join(root, folder), []);
  if (!allowed) {
    if (files.length) problems.push(`${folder}/ is not a known layer: add it to ALLOWED in scripts/check-imports.js with the layers it may import`);
    continue;
  }
  for (const file of files) {
    const edges = [];
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] || m[2] || m[3];
      if (!spec.startsWith('.')) continue;
      const target = path.relative(root, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
      const resolved = resolveFile(file, spec);
      if (resolved) edges.push(resolved);
      if (OUTSIDE.has(target) && !(resolved && SHIPPED_SCRIPTS.has(path.relative(root, resolved)))) {
        problems.push(`${path.relative(root, file)} imports ${spec} (${target}/ is not part of the product)`);
        continue;
      }
      if (target === folder || !folders.includes(target)) continue;
      if (!allowed.includes(target)) problems.push(`${path.relative(root, file)} imports ${spec} (${folder}/ may import only: ${allowed.join(', ') || 'nothing internal'})`);
    }
    graph.set(file, edges);
  }
}

// Cycles: a depth-first search over the file graph; each cycle is reported once, by its files.
const state = new Map();
const stack = [];
const seen = new Set();
function visit(file) {
  state.set(file, 'open');
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (!graph.has(next)) continue;
    if (state.get(next) === 'open') {
      const cycle = stack.slice(stack.indexOf(next)).map((f) => path.relative(root, f));
      const key = [...cycle].sort().join('|');
      if (!seen.has(key)) {
        seen.add(key);
        problems.push(`import cycle: ${[...cycle, cycle[0]].join(' → ')}`);
      }
    } else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, 'done');
}
for (const file of graph.keys()) if (!state.has(file)) visit(file);

if (problems.length) {
  console.error(`Import check failed (layers and cycles):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`Import directions OK; no cycles among ${graph.size} files.`);
