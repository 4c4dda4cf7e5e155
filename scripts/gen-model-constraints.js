#!/usr/bin/env node
// Writes emulator/protocols/constraints/<service>.json: the input constraints (required members,
// enums, lengths, patterns, ranges) of every operation the emulator implements, taken from
// botocore's service models. The SDK v3 clients' static schemas carry none of these traits, so the
// emulator's validation reads them from these data files. Rerun after upgrading botocore:
//   node scripts/gen-model-constraints.js [path/to/botocore/data]
// Without an argument, the botocore of `python3` is used.
require('tsx/cjs');
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { execFileSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const { providers } = require(path.join(root, 'emulator/services/index'));
const { SERVICE_SPECS } = require(path.join(root, 'emulator/protocols/service-catalog'));

// The emulator's service id → botocore's directory name.
const BOTOCORE_NAME = { ec2: 'ec2', s3: 's3', iam: 'iam', sts: 'sts', sns: 'sns', logs: 'logs', monitoring: 'cloudwatch', athena: 'athena', cloudtrail: 'cloudtrail' };

function botocoreData() {
  if (process.argv[2]) return process.argv[2];
  const init = execFileSync('python3', ['-c', 'import botocore,sys;sys.stdout.write(botocore.__file__+" "+botocore.__version__)'], { encoding: 'utf8' });
  const [file, version] = init.split(' ');
  return { dir: path.join(path.dirname(file), 'data'), version };
}

function readModel(dir, name, version) {
  const base = path.join(dir, name, version, 'service-2.json');
  if (fs.existsSync(base)) return JSON.parse(fs.readFileSync(base, 'utf8'));
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(`${base}.gz`)).toString('utf8'));
}

/** Keeps only what validation needs from one botocore shape; records the shapes it refers to. */
function slim(shape, visit) {
  const out = { type: shape.type };
  for (const key of ['min', 'max', 'pattern', 'enum']) if (shape[key] !== undefined) out[key] = shape[key];
  if (shape.type === 'structure') {
    if (shape.required?.length) out.required = shape.required;
    out.members = {};
    for (const [name, member] of Object.entries(shape.members ?? {})) {
      out.members[name] = member.shape;
      visit(member.shape);
    }
  } else if (shape.type === 'list') {
    out.member = shape.member.shape;
    visit(shape.member.shape);
  } else if (shape.type === 'map') {
    out.key = shape.key.shape;
    out.value = shape.value.shape;
    visit(shape.key.shape);
    visit(shape.value.shape);
  }
  return out;
}

function main() {
  const source = botocoreData();
  const dataDir = typeof source === 'string' ? source : source.dir;
  const label = typeof source === 'string' ? dataDir : `botocore ${source.version}`;
  const outDir = path.join(root, 'emulator/protocols/constraints');
  fs.mkdirSync(outDir, { recursive: true });
  for (const provider of providers) {
    const spec = SERVICE_SPECS[provider.service];
    const model = readModel(dataDir, BOTOCORE_NAME[provider.service], spec.version);
    const shapes = {};
    const visit = (name) => {
      if (shapes[name] || !model.shapes[name]) return;
      shapes[name] = {};
      shapes[name] = slim(model.shapes[name], visit);
    };
    const operations = {};
    for (const op of Object.keys(provider.handlers).sort()) {
      const input = model.operations[op]?.input?.shape;
      if (!input) continue;
      operations[op] = input;
      visit(input);
    }
    const sorted = Object.fromEntries(Object.keys(shapes).sort().map((k) => [k, shapes[k]]));
    const doc = { source: `${label} ${BOTOCORE_NAME[provider.service]}/${spec.version}`, operations, shapes: sorted };
    fs.writeFileSync(path.join(outDir, `${provider.service}.json`), `${JSON.stringify(doc)}\n`);
    process.stdout.write(`${provider.service}: ${Object.keys(operations).length} operations, ${Object.keys(sorted).length} shapes\n`);
  }
}

main();
