// Loads fwsync.config.yaml: the same strict YAML as the image files, validated by
// schemas/config.schema.json, defaults filled in here (not by ajv's useDefaults, which would
// mutate the input and could accept a default that fails its own schema).

import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { isPair, isScalar, visit } from 'yaml';
import configSchemaJson from '../../schemas/config.schema.json' with { type: 'json' };
import type { Config, Issue } from '../core/types.js';
import { createAjv } from '../core/ajv.js';
import { sortIssues } from '../core/issues.js';
import { schemaIssues } from '../core/validate-images.js';
import { FwsyncError } from '../errors.js';
import { locatorFor, parseYamlStrict } from './yaml/strict.js';

export const CONFIG_FILE_NAMES = ['fwsync.config.yaml', 'fwsync.config.yml'] as const;

/** A config file is a few hundred bytes; anything near this is not a config. */
const MAX_CONFIG_BYTES = 256 * 1024;

export const DEFAULT_CONFIG: Readonly<Config> = Object.freeze<Config>({
  version: 1,
  images: ['images/**/*.yaml', 'images/**/*.yml'],
  state: '.fwsync/state.json',
  api: {
    base_url: 'https://api.finerworks.com/v3',
    batch_size: 25,
    concurrency: 2,
    timeout_seconds: 30,
    max_attempts: 5,
  },
  library: { name: 'inventory', site_id: 2 },
  safety: { max_change_percent: 30, invisible_characters: 'warn', max_image_files: 10_000 },
});

const configSchema: Record<string, unknown> = configSchemaJson;

let configValidator: ValidateFunction | undefined;
function getConfigValidator(): ValidateFunction {
  // The schema file is checked against the meta-schema by test/schemas.test.ts; compiling the
  // meta-schema on every run to check it again would cost ~25-50 ms.
  configValidator ??= createAjv({ trustedSchemas: true }).compile(configSchema);
  return configValidator;
}

const CREDENTIAL_WORDS = ['webapikey', 'appkey', 'accountkey', 'apikey', 'token', 'secret', 'password'];
const CREDENTIAL_HINT =
  'remove it (and its value) from the file, and set the environment variables FINERWORKS_WEB_API_KEY, FINERWORKS_APP_KEY and (optionally) FINERWORKS_ACCOUNT_KEY instead';

export function looksLikeCredentialKey(key: string): boolean {
  const norm = key.toLowerCase().replace(/[^a-z]/g, '');
  return CREDENTIAL_WORDS.some((w) => norm.includes(w));
}

function freshDefaults(): Config {
  return structuredClone(DEFAULT_CONFIG);
}

/** Finds the config file: the given path (must exist), else fwsync.config.yaml/.yml in cwd, else null. */
async function findConfig(cwd: string, configPath: string | undefined): Promise<string | null> {
  if (configPath !== undefined) {
    const abs = path.resolve(cwd, configPath);
    if (!(await isFile(abs))) {
      throw new FwsyncError('input', `config file not found: ${configPath}`, {
        hint: 'check the --config path; it is relative to the working directory',
      });
    }
    return abs;
  }
  const found: string[] = [];
  for (const name of CONFIG_FILE_NAMES)
    if (await isFile(path.join(cwd, name))) found.push(path.join(cwd, name));
  if (found.length > 1) {
    throw new FwsyncError('input', `both ${CONFIG_FILE_NAMES.join(' and ')} exist`, {
      hint: 'keep one of them, or pass --config to choose',
    });
  }
  return found[0] ?? null;
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

/**
 * The effective config: the file's values over the defaults. No file in cwd gives the
 * defaults; a given path that does not exist, or an invalid file, throws an `input` error
 * whose issues point at file:line:column.
 */
export async function loadConfig(opts: { cwd: string; configPath?: string }): Promise<Config> {
  const abs = await findConfig(opts.cwd, opts.configPath);
  if (abs === null) return freshDefaults();
  const rel = path.relative(opts.cwd, abs).split(path.sep).join('/') || abs;

  const fail = (issues: Issue[]): never => {
    throw new FwsyncError('input', `the config file ${rel} is not valid`, { issues: sortIssues(issues) });
  };
  const one = (code: string, message: string, hint?: string): Issue => ({
    file: rel,
    line: 1,
    column: 1,
    code,
    message,
    ...(hint ? { hint } : {}),
  });

  let bytes: Buffer;
  try {
    bytes = await readFile(abs);
  } catch (error: unknown) {
    const code = (error as { code?: unknown }).code;
    throw new FwsyncError(
      'input',
      `cannot read the config file ${rel}${typeof code === 'string' ? ` (${code})` : ''}`,
      { cause: error },
    );
  }
  if (bytes.byteLength > MAX_CONFIG_BYTES)
    return fail([one('file-too-large', `the config file is too large (${bytes.byteLength} bytes)`)]);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return fail([one('file-encoding', 'the config file is not valid UTF-8', 'save it as UTF-8')]);
  }

  const parsed = parseYamlStrict(text, rel);
  if (!parsed.ok) return fail(parsed.issues);
  const { doc, lineCounter } = parsed;
  // An empty config (or one holding only comments) means "all defaults".
  const data = parsed.data ?? {};

  const issues: Issue[] = [];
  const credentialKeys = new Set<unknown>();
  visit(doc, {
    Pair(_key, pair) {
      if (!isPair(pair) || !isScalar(pair.key)) return;
      const key = String(pair.key.value);
      if (!looksLikeCredentialKey(key)) return;
      credentialKeys.add(key);
      const lp = lineCounter.linePos(pair.key.range?.[0] ?? 0);
      const name = /^[A-Za-z_][\w-]{0,63}$/.test(key) ? `"${key}"` : 'this key';
      // Never the value: it is most likely a real secret.
      issues.push({
        file: rel,
        line: lp.line,
        column: lp.col,
        code: 'config-credential',
        message: `${name} looks like a credential; credentials never go in the config file`,
        hint: CREDENTIAL_HINT,
      });
    },
  });

  const validate = getConfigValidator();
  if (!validate(data)) {
    const schemaFound = schemaIssues({
      errors: (validate.errors ?? []).filter(
        (e) =>
          !(
            e.keyword === 'additionalProperties' &&
            credentialKeys.has((e.params as { additionalProperty?: unknown }).additionalProperty)
          ),
      ),
      data,
      file: rel,
      schema: configSchema,
      locate: locatorFor(doc, lineCounter),
    });
    issues.push(...schemaFound);
  }
  if (issues.length > 0) return fail(issues);
  const config = withDefaults(data);
  const locate = locatorFor(doc, lineCounter);
  issues.push(...pathIssues(config, rel, opts.cwd, (p) => locate(p, 'value')));
  if (issues.length > 0) return fail(issues);
  return config;
}

/**
 * Every path of the config stays inside the working directory: no absolute glob, no `..`, no
 * state file outside, and no control characters (which could forge lines in CI logs).
 */
function pathIssues(
  config: Config,
  rel: string,
  cwd: string,
  at: (p: (string | number)[]) => { line: number; column: number },
): Issue[] {
  const issues: Issue[] = [];
  const issue = (where: (string | number)[], code: string, message: string, hint: string): void => {
    const { line, column } = at(where);
    issues.push({ file: rel, line, column, code, message, hint });
  };
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u001f\u007f-\u009f]/;
  config.images.forEach((glob, i) => {
    if (control.test(glob))
      issue(['images', i], 'path-control-character', 'this glob contains a control character', 'remove it');
    else if (path.posix.isAbsolute(glob) || path.win32.isAbsolute(glob) || /^~/.test(glob))
      issue(
        ['images', i],
        'path-outside',
        `"${glob}" is an absolute path`,
        'image globs are relative to the working directory, e.g. images/**/*.yaml',
      );
    else if (glob.split(/[\\/]/).includes('..'))
      issue(
        ['images', i],
        'path-outside',
        `"${glob}" reaches outside the working directory (..)`,
        'image files must live inside the repository: write the glob without ..',
      );
  });
  const state = config.state;
  const inside = path.relative(cwd, path.resolve(cwd, state));
  if (control.test(state))
    issue(['state'], 'path-control-character', 'the state path contains a control character', 'remove it');
  else if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside))
    issue(
      ['state'],
      'path-outside',
      `state "${state}" is outside the working directory`,
      'keep the state in the repository, e.g. .fwsync/state.json',
    );
  return issues;
}

/** The file's values over the defaults, one level deep (the schema has no deeper objects). */
export function withDefaults(file: Partial<Config>): Config {
  const d = freshDefaults();
  return {
    version: 1,
    images: file.images ? [...file.images] : d.images,
    state: file.state ?? d.state,
    api: { ...d.api, ...file.api },
    library: { ...d.library, ...file.library },
    safety: { ...d.safety, ...file.safety },
  };
}
