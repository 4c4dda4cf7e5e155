import { main } from '../bin/cli';

/** What one in-process CLI run returned and wrote. */
export interface InProcessRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, in the order they were written. */
  output: string;
}

/**
 * Runs `labwright ARGS` through the CLI's entry point in this process, capturing what it writes
 * (nothing reaches the test's console); faster than a child process and sees the same code paths.
 */
export async function runInProcess(...args: string[]): Promise<InProcessRun> {
  const out: string[] = [];
  const err: string[] = [];
  const both: string[] = [];
  const into = (stream: string[]) => (s: any) => (stream.push(String(s)), both.push(String(s)), true);
  const spies = [jest.spyOn(process.stdout, 'write').mockImplementation(into(out)), jest.spyOn(process.stderr, 'write').mockImplementation(into(err))];
  try {
    const code = await main(['node', 'labwright', ...args]);
    return { code, stdout: out.join(''), stderr: err.join(''), output: both.join('') };
  } finally {
    spies.forEach((s) => s.mockRestore());
  }
}
