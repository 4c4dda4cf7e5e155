import type { Config } from 'jest';

// swc strips types only; `npm run typecheck` (tsc) is the type gate, so tests stay fast. Jest reads this
// TypeScript config through ts-node (a devDependency for that alone).
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30_000,
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  reporters: ['default', ['jest-junit', { outputDirectory: 'out/test-results', outputName: 'junit.xml' }], '<rootDir>/test/slow-files-reporter.js'],
};

export default config;
