#!/usr/bin/env node
// Enforces the import directions of architecture §2: each folder may import only the folders listed
// for it. Runs as part of `npm test`; exits 1 naming every offending import.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const ALLOWED = {
  core: [],
  flowlogs: ['core'],
  patterns: ['core'],
  emulator: ['core', 'flowlogs', 'patterns'],
  runner: ['core', 'flowlogs', 'patterns'],
  aws: ['core', 'runner'],
  checks: ['core', 'flowlogs', 'patterns', 'runner', 'aws', 'fixtures'],
  steps: ['core', 'flowlogs', 'patterns', 'runner', 'aws', 'fixtures'],
  fixtures: ['core', 'flowlogs', 'runner'],
  scenarios: ['core', 'runner', 'steps', 'checks', 'fixtures', 'aws'],
  reports: ['core', 'runner'],
  bin: null, // the composition root may import everything
  test: null,
  bench: null,
  scripts: null,
};

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (/\.(ts|js)$/.test(entry.name)) out.push(p);
  }
  return out;
}

const IMPORT_RE = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|require\(\s*['"]([^'"]+)['"]\s*\)|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const problems = [];
for (const [folder, allowed] of Object.entries(ALLOWED)) {
  const dir = path.join(root, folder);
  if (allowed === null || !fs.existsSync(dir)) continue;
  for (const file of walk(dir, [])) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] || m[2] || m[3];
      if (!spec.startsWith('.')) continue;
      const target = path.relative(root, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
      if (target === folder || !(target in ALLOWED)) continue;
      if (!allowed.includes(target)) problems.push(`${path.relative(root, file)} imports ${spec} (${folder}/ may import only: ${allowed.join(', ') || 'nothing internal'})`);
    }
  }
}
if (problems.length) {
  console.error(`Import-direction check failed (architecture §2):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('Import directions OK.');
