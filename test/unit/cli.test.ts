import { main } from '../../bin/cli';

function capture() {
  const out: string[] = [];
  const spies = [
    jest.spyOn(process.stdout, 'write').mockImplementation((s: any) => (out.push(String(s)), true)),
    jest.spyOn(process.stderr, 'write').mockImplementation((s: any) => (out.push(String(s)), true)),
  ];
  return { text: () => out.join(''), restore: () => spies.forEach((s) => s.mockRestore()) };
}

describe('CLI contract', () => {
  test.each(['run', 'check', 'verify-checks', 'env', 'emulator', 'pattern', 'labs', 'policy', 'sweep'])('%s is registered with --help', async (cmd) => {
    const c = capture();
    try {
      expect(await main(['node', 'labwright', cmd, '--help'])).toBe(0);
      expect(c.text()).toContain(`Usage: labwright ${cmd}`);
    } finally {
      c.restore();
    }
  });

  test('an unknown flag is a usage error: exit 2 with a one-line hint', async () => {
    const c = capture();
    try {
      expect(await main(['node', 'labwright', 'run', '--no-such-flag'])).toBe(2);
      expect(c.text()).toContain("unknown option '--no-such-flag'");
    } finally {
      c.restore();
    }
  });

  test('an unknown target names the allowed choices and exits 2', async () => {
    const c = capture();
    try {
      expect(await main(['node', 'labwright', 'check', '--target', 'gcp'])).toBe(2);
      expect(c.text()).toMatch(/Allowed choices are embedded, localstack, endpoint, aws/);
    } finally {
      c.restore();
    }
  });
});
