// Architecture rules, checked by `npm run lint:deps` (part of `npm test`). See docs/architecture.md.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles anywhere in src, static or dynamic, type-only imports included.',
      from: { path: '^src' },
      to: { circular: true },
    },
    {
      name: 'pure-core-no-node',
      severity: 'error',
      comment: 'core and render are pure: no Node built-in except node:crypto (hashes).',
      from: { path: '^src/(core|render)/' },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?crypto$' },
    },
    {
      name: 'pure-core-no-edges',
      severity: 'error',
      comment: 'core and render import no adapter, use case, entry point or emulator.',
      from: { path: '^src/(core|render)/' },
      to: { path: '^src/(adapters|use-cases|cli|action|emulator|apply)/|^src/(cli|action)\\.ts$' },
    },
    {
      name: 'use-cases-no-entry-points',
      severity: 'error',
      comment: 'A use case never reaches for an entry point (CLI or Action).',
      from: { path: '^src/use-cases/' },
      to: { path: '^src/(cli|action)/|^src/(cli|action)\\.ts$' },
    },
    {
      name: 'entry-points-apart',
      severity: 'error',
      comment: 'The CLI and the Action share use cases, not each other.',
      from: { path: '^src/cli/' },
      to: { path: '^src/action/' },
    },
    {
      name: 'action-not-cli',
      severity: 'error',
      from: { path: '^src/action/' },
      to: { path: '^src/cli/' },
    },
    {
      name: 'no-test-code-in-src',
      severity: 'error',
      from: { path: '^src' },
      to: { path: '^test/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
    exclude: { path: '^src/generated/' },
  },
};
