import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // One test file per CPU. Vitest's default (CPUs - 1) runs the files one by one on two
    // cores, though most of their time is spent waiting: on the processes they start, on
    // loopback servers, on the retry delays under test. More than one per CPU measured slower.
    maxWorkers: '100%',
    reporters: ['default', './test/support/count-reporter.ts'],
  },
});
