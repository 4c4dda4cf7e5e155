// Finds labs: every `scenarios/*.scenario.ts` in labwright's own folder and in the current
// directory's `scenarios/` (a course repository that depends on labwright). A scenario file
// exports its `defineLab({...})` object (default or named export); the first lab with an id wins.
// Compiled (dist/, see scripts/build.js) labwright's own scenarios are `.scenario.js`.
import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../core/errors';
import type { AnyLab } from '../runner/lab';

/** Where labs are looked for: labwright's `scenarios/`, then `<cwd>/scenarios/` (course labs override none of labwright's). */
export function labFolders(cwd = process.cwd()): string[] {
  const own = resolve(__dirname, '..', 'scenarios');
  const course = resolve(cwd, 'scenarios');
  // Compiled, `own` is dist/scenarios; labwright's TypeScript scenarios beside dist/ are the same labs.
  const source = basename(resolve(__dirname, '..')) === 'dist' ? resolve(__dirname, '..', '..', 'scenarios') : own;
  return course === own || course === source ? [own] : [own, course];
}

function isLab(value: unknown): value is AnyLab {
  const v = value as AnyLab | undefined;
  return Boolean(v && typeof v.id === 'string' && Array.isArray(v.steps) && v.environment && typeof v.environment.provision === 'function');
}

/** The labs one scenario file exports. */
function labsIn(file: string): AnyLab[] {
  // Scenario files are TypeScript: jest transforms them, and the CLI, compiled, registers tsx only
  // now that one is loaded (a course repository's labs), so a command that loads none never pays for it.
  if (file.endsWith('.ts') && __filename.endsWith('.js') && !require.extensions['.ts']) require('tsx/cjs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as Record<string, unknown>;
  return Object.values(mod).filter(isLab);
}

let cache: { key: string; labs: Record<string, AnyLab> } | undefined;

/** Every lab found, by id. */
export function allLabs(cwd = process.cwd()): Record<string, AnyLab> {
  const folders = labFolders(cwd);
  const key = folders.join('|');
  if (cache?.key === key) return cache.labs;
  const labs: Record<string, AnyLab> = {};
  for (const dir of folders) {
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).filter((n) => /\.scenario\.[jt]s$/.test(n)).sort()) {
      for (const lab of labsIn(join(dir, name))) labs[lab.id] ??= lab;
    }
  }
  cache = { key, labs };
  return labs;
}

/** The lab of an id, or a usage error naming the labs there are. */
export function labFor(labId: string, cwd = process.cwd()): AnyLab {
  const labs = allLabs(cwd);
  const lab = labs[labId];
  if (!lab) throw new UsageError(`Unknown lab '${labId}'; known labs: ${Object.keys(labs).join(', ')} (see labwright labs).`);
  return lab;
}
