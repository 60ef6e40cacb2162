/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  // Two cores shared by real servers (FerretDB, sshd, Synapse): generous per-test time, bounded runs.
  testTimeout: 60_000,
  // The run's last results are in; a stray timer in the runner process (seen once in CI, from a
  // library, not from a test) must not keep CI waiting. Every test file still stops what it starts.
  forceExit: true,
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': [
      '@swc/jest',
      { jsc: { target: 'es2023', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!(agenda|@agendajs|cron-parser)/)'],
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
};
