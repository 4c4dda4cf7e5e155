import { availableParallelism } from 'node:os';
import type { Config } from 'jest';

// swc strips types only; `npm run typecheck` (tsc) is the type gate, so tests stay fast. Jest reads this
// TypeScript config through ts-node (a devDependency for that alone).
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // Package imports compile lazy, as in the build (scripts/build.js): a test file loads only the SDK
  // clients and libraries it touches, not every one its modules name.
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs', lazy: true } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30_000,
  // Most test files wait on child processes (the CLI, the AWS CLI's Python), sockets and timers more
  // than they compute: jest's default (cores - 1: one worker, in band, on 2 cores) left such a machine
  // idle for much of a run. One worker more than the cores, 2 to 4.
  maxWorkers: Math.max(2, Math.min(4, availableParallelism() + 1)),
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  reporters: ['default', ['jest-junit', { outputDirectory: 'out/test-results', outputName: 'junit.xml' }], '<rootDir>/test/slow-files-reporter.js'],
};

export default config;
