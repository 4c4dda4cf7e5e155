import { runInProcess } from '../cli-in-process';

describe('CLI contract', () => {
  test.each(['run', 'check', 'verify-checks', 'env', 'emulator', 'pattern', 'labs', 'policy', 'sweep'])('%s is registered with --help', async (cmd) => {
    const { code, output } = await runInProcess(cmd, '--help');
    expect(code).toBe(0);
    expect(output).toContain(`Usage: labwright ${cmd}`);
  });

  test('an unknown flag is a usage error: exit 2 with a one-line hint', async () => {
    const { code, output } = await runInProcess('run', '--no-such-flag');
    expect(code).toBe(2);
    expect(output).toContain("unknown option '--no-such-flag'");
  });

  test('an unknown target names the allowed choices and exits 2', async () => {
    const { code, output } = await runInProcess('check', '--target', 'gcp');
    expect(code).toBe(2);
    expect(output).toMatch(/Allowed choices are embedded, localstack, endpoint, aws/);
  });
});

describe('labwright emulator flags', () => {
  test.each([
    [['--noise', 'x'], "--noise takes SEED or SEED:PER_WINDOW, whole numbers (e.g. --noise 42:3), not 'x'."],
    [['--faults', 'nope'], "--faults takes a JSON object such as '{\"throttleRate\":0.1,\"seed\":42}', not 'nope'."],
    [['--faults', '{"throttleRate":2}'], '--faults: throttleRate must be a number from 0 to 1 (a fraction of requests), not 2.'],
    [['--client-ip', 'localhost'], "--client-ip must be an IPv4 address such as 192.0.2.44, not 'localhost'."],
    [['--profile', 'slow'], "--profile must be fast, realtime or aws, not 'slow'."],
    [['--time-scale', '0'], "--time-scale must be a positive number such as 1 (AWS's own durations) or 0.02 (fifty times faster), not '0'."],
    [['--time-scale', 'fast'], "--time-scale must be a positive number such as 1 (AWS's own durations) or 0.02 (fifty times faster), not 'fast'."],
    [['--profile', 'aws', '--auto-confirm'], '--auto-confirm does not go with --profile aws: AWS never confirms an email subscription by itself. Drop one of them.'],
  ])('%j is a usage error naming the fix', async (args, message) => {
    const { code, output } = await runInProcess('emulator', '--port', '0', ...args);
    expect(code).toBe(2);
    expect(output).toContain(message);
  });

  test('parseNoise and parseFaults accept what the help shows', () => {
    const { parseNoise, parseFaults } = require('../../bin/commands/emulator');
    expect(parseNoise('42')).toEqual({ seed: 42, perWindow: 3 });
    expect(parseNoise('42:7')).toEqual({ seed: 42, perWindow: 7 });
    expect(parseFaults('{"throttleRate":0.1,"errorRate":0.05,"consistencyDelayMs":300,"seed":42}')).toMatchObject({ throttleRate: 0.1, seed: 42 });
  });
});
