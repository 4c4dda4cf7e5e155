#!/usr/bin/env node
// `npm run example`: installs the example course repo (examples/course-rdp-alarm, its own lockfile)
// and runs its tests. `npm ci` wipes and reinstalls node_modules (10–30 s), so it runs only when the
// install is not current: no node_modules, or package.json / package-lock.json newer than npm's own
// record of the last install (node_modules/.package-lock.json). labwright itself is a `file:` link,
// so edits to labwright need no reinstall.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const EXAMPLE = path.join(__dirname, '..', 'examples', 'course-rdp-alarm');

/** The file's modification time in ms, or undefined when it does not exist. */
function mtime(file) {
  try {
    return fs.statSync(path.join(EXAMPLE, file)).mtimeMs;
  } catch {
    return undefined;
  }
}

/** True when node_modules was installed from the current package.json and lockfile. */
function installed() {
  const record = mtime('node_modules/.package-lock.json');
  return record !== undefined && record >= (mtime('package-lock.json') ?? Infinity) && record >= (mtime('package.json') ?? Infinity);
}

function npm(args) {
  const r = spawnSync('npm', args, { cwd: EXAMPLE, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (installed()) process.stdout.write('example: node_modules is current (npm ci skipped)\n');
else npm(['ci', '--prefer-offline', '--no-audit', '--no-fund']);
npm(['test']);
