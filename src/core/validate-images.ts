// The pure half of reading image files: the ajv validators, and turning ajv errors into
// Issues with positions and fixes. Where a path sits in the file is asked of a `Locate`
// function the caller builds from its YAML document, so this module never sees YAML or files.

import type { ErrorObject, ValidateFunction } from 'ajv';
import imagesSchemaJson from '../../schemas/images.schema.json' with { type: 'json' };
import imagesValidator from '../generated/images-validator.js';
import type { DesiredImage, Guid, ImageFields, Issue } from './types.js';
import { FIELD_NAMES } from './types.js';
import { formatPath, isObject, isSafeName, pointerToPath, schemaForPath, valueAt } from './schema-path.js';
import { suggest } from './suggest.js';

import type { PathSegment } from './schema-path.js';

export type { PathSegment } from './schema-path.js';

export interface Position {
  line: number;
  column: number;
}

/** Where the key (`'key'`) or the value (`'value'`) at `path` starts; the nearest ancestor if absent. */
export type Locate = (path: readonly PathSegment[], part: 'key' | 'value') => Position;

/** The data of one valid image file, as the schema guarantees it. */
export interface ImagesFileData {
  version: 1;
  images: (ImageFields & { guid: string })[];
}

export const imagesSchema: Record<string, unknown> = imagesSchemaJson;

/**
 * The images schema's validator, compiled ahead of time by ajv's standalone code generator
 * (src/generated/, `npm run generate`): compiling the schema cost ~20 ms of every run that
 * reads an image file, the generated validator loads in ~1 ms. test/generated-validator.test.ts fails when it is
 * out of date and proves it reports what a freshly compiled one reports.
 */
export function getImagesValidator(): ValidateFunction {
  return imagesValidator;
}

export function isValidImagesData(data: unknown): data is ImagesFileData {
  return getImagesValidator()(data);
}

function describe(v: unknown): string {
  if (v === null) return 'empty (null)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'number')
    return Number.isFinite(v)
      ? Number.isInteger(v)
        ? 'an integer'
        : 'a number'
      : 'infinity or NaN (.inf or .nan)';
  return `a ${typeof v}`;
}

const YAML11_BOOLEANS =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|true|True|TRUE|false|False|FALSE)$/;

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  array: 'a list',
  object: 'a mapping',
  null: 'null',
};

const GUID_EXAMPLE = '5fd001ce-5db8-4e84-9010-e29499eadb3f';

export interface SchemaIssueOptions {
  errors: readonly ErrorObject[];
  data: unknown;
  file: string;
  /** The root schema the errors came from (to find the known property names). */
  schema: Record<string, unknown>;
  locate: Locate;
}

/**
 * ajv errors → Issues. Messages name the rule and the path, never the offending value
 * (it could be a secret); a value is only echoed when it is one of a few known words.
 */
export function schemaIssues(opts: SchemaIssueOptions): Issue[] {
  const { errors, data, file, schema, locate } = opts;
  const issues: Issue[] = [];
  const seen = new Set<string>();
  // A typo (`descripton`) also makes `description` missing; one message about the typo is enough.
  const suggested = new Set<string>();
  const pending: { path: PathSegment[]; missing: string; pos: Position }[] = [];

  for (const error of errors) {
    const path = pointerToPath(error.instancePath, data);
    const label = formatPath(path);
    const value = valueAt(data, path);
    const at = (p: readonly PathSegment[], part: 'key' | 'value'): Position => locate(p, part);
    const push = (dedupeKey: string, pos: Position, code: string, message: string, hint?: string): void => {
      if (seen.has(dedupeKey)) return;
      seen.add(dedupeKey);
      issues.push({ file, line: pos.line, column: pos.column, code, message, ...(hint ? { hint } : {}) });
    };
    const params = error.params as Record<string, unknown>;

    if (
      path[path.length - 1] === 'guid' &&
      ['format', 'pattern', 'maxLength', 'minLength'].includes(error.keyword)
    ) {
      push(
        error.instancePath,
        at(path, 'value'),
        'schema-guid',
        `${label} must be a UUID`,
        `a guid looks like ${GUID_EXAMPLE}`,
      );
      continue;
    }
    switch (error.keyword) {
      case 'additionalProperty':
      case 'additionalProperties': {
        const prop = String(params['additionalProperty']);
        const parent = schemaForPath(schema, path);
        const known =
          isObject(parent) && isObject(parent['properties']) ? Object.keys(parent['properties']) : [];
        const guess = isSafeName(prop) ? suggest(prop, known) : undefined;
        if (guess) suggested.add(`${error.instancePath}\u0000${guess}`);
        if (prop === '<<') {
          push(
            `${error.instancePath}\u0000+${prop}`,
            at([...path, prop], 'key'),
            'schema-merge-key',
            'merge keys (<<) are not supported',
            'write the fields out in full',
          );
          break;
        }
        const name = isSafeName(prop) ? `"${prop}"` : '(a key that is not a plain name)';
        const where = path.length ? ` in ${label}` : '';
        push(
          `${error.instancePath}\u0000+${prop}`,
          at([...path, prop], 'key'),
          'schema-unknown-property',
          `unknown property ${name}${where}${guess ? ` — did you mean "${guess}"?` : ''}`,
          known.length ? `allowed here: ${known.join(', ')}` : undefined,
        );
        break;
      }
      case 'required': {
        const missing = String(params['missingProperty']);
        pending.push({ path, missing, pos: at(path, 'value') });
        break;
      }
      case 'type': {
        const expected = String(params['type']);
        let hint: string | undefined;
        if (expected === 'string' && (typeof value === 'number' || typeof value === 'boolean')) {
          hint = 'quote this value so YAML reads it as text, e.g. "…"';
        } else if (expected === 'string' && value === null) {
          hint = 'write "" for an empty text, or quote the value';
        } else if (expected === 'boolean' && typeof value === 'string' && YAML11_BOOLEANS.test(value)) {
          hint = `use true or false without quotes: YAML 1.2 reads "${value}" as text`;
        } else if (
          (expected === 'integer' || expected === 'number') &&
          typeof value === 'string' &&
          /^[-+]?\d+$/.test(value)
        ) {
          hint = 'remove the quotes around the number';
        } else if (expected === 'integer' && typeof value === 'number') {
          hint = 'use a whole number';
        }
        push(
          error.instancePath,
          at(path, 'value'),
          'schema-type',
          `${label} must be ${TYPE_NAMES[expected] ?? expected}, not ${describe(value)}`,
          hint,
        );
        break;
      }
      case 'const':
        push(
          error.instancePath,
          at(path, 'value'),
          'schema-const',
          `${label} must be ${JSON.stringify(params['allowedValue'])}`,
        );
        break;
      case 'enum': {
        const allowed = Array.isArray(params['allowedValues']) ? params['allowedValues'].map(String) : [];
        push(
          error.instancePath,
          at(path, 'value'),
          'schema-enum',
          `${label} must be one of: ${allowed.join(', ')}`,
        );
        break;
      }
      case 'minLength':
        push(
          error.instancePath,
          at(path, 'value'),
          'schema-min-length',
          params['limit'] === 1
            ? `${label} must not be empty`
            : `${label} must be at least ${String(params['limit'])} characters`,
        );
        break;
      case 'maxLength':
        push(
          error.instancePath,
          at(path, 'value'),
          'schema-max-length',
          `${label} must be at most ${String(params['limit'])} characters`,
        );
        break;
      case 'minimum':
      case 'maximum':
      case 'exclusiveMinimum':
      case 'exclusiveMaximum': {
        const word =
          error.keyword === 'minimum'
            ? 'at least'
            : error.keyword === 'maximum'
              ? 'at most'
              : error.keyword === 'exclusiveMinimum'
                ? 'more than'
                : 'less than';
        push(
          error.instancePath,
          at(path, 'value'),
          `schema-${kebab(error.keyword)}`,
          `${label} must be ${word} ${String(params['limit'])}`,
        );
        break;
      }
      case 'minItems':
        push(
          error.instancePath,
          at(path, 'value'),
          'schema-min-items',
          params['limit'] === 1
            ? `${label} must not be empty`
            : `${label} must have at least ${String(params['limit'])} items`,
        );
        break;
      case 'maxItems':
        push(
          error.instancePath,
          at(path, 'value'),
          'schema-max-items',
          `${label} must have at most ${String(params['limit'])} items`,
          path[0] === 'images' && path.length === 1 ? 'split the images over several files' : undefined,
        );
        break;
      case 'uniqueItems': {
        const i = Number(params['i']);
        const j = Number(params['j']);
        const later = Math.max(i, j);
        push(
          error.instancePath,
          at([...path, later], 'value'),
          'schema-unique-items',
          `${label} lists the same value twice (items ${Math.min(i, j) + 1} and ${later + 1})`,
          'remove the repeated value',
        );
        break;
      }
      case 'format':
      case 'pattern':
        push(
          error.instancePath,
          at(path, 'value'),
          `schema-${error.keyword}`,
          `${label} has an invalid format`,
          path[path.length - 1] === 'base_url'
            ? 'use an https:// URL without user name, password, query or fragment (http:// only for 127.0.0.1 or localhost)'
            : undefined,
        );
        break;
      default:
        push(
          `${error.instancePath}\u0000${error.keyword}`,
          at(path, 'value'),
          `schema-${kebab(error.keyword)}`,
          `${label} ${error.message ?? 'is invalid'}`,
        );
    }
  }

  for (const { path, missing, pos } of pending) {
    const pointer = path.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
    if (suggested.has(`${pointer}\u0000${missing}`)) continue;
    const where = path.length ? formatPath(path) : 'the file';
    issues.push({
      file,
      line: pos.line,
      column: pos.column,
      code: 'schema-required',
      message: `${where} is missing the required property "${missing}"`,
      ...(missing === 'description' ? { hint: 'add description: "" if the image has none' } : {}),
    });
  }
  return issues;
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The images of one valid file, with only the fields it sets and guids lower-cased. */
export function toDesiredImages(
  data: ImagesFileData,
  file: string,
  lines: readonly number[],
): DesiredImage[] {
  return data.images.map((image, i) => {
    const fields: ImageFields = { title: image.title, description: image.description };
    for (const name of FIELD_NAMES) {
      const v = image[name];
      if (name === 'title' || name === 'description' || v === undefined) continue;
      (fields as unknown as Record<string, unknown>)[name] = Array.isArray(v) ? [...v] : v;
    }
    return { guid: image.guid.toLowerCase(), fields, file, line: lines[i] ?? 1 };
  });
}

export interface GuidPlace {
  guid: Guid;
  file: string;
  /** Null for guids known only from the state (a skipped file). */
  line: number | null;
  column?: number;
}

/** Every guid used more than once, compared case-insensitively; each issue names the first place. */
export function duplicateGuidIssues(places: readonly GuidPlace[]): Issue[] {
  const first = new Map<string, GuidPlace>();
  const issues: Issue[] = [];
  for (const place of places) {
    const key = place.guid.toLowerCase();
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, place);
      continue;
    }
    // Point at a place we can show; a skipped file has no line.
    const [here, other] = place.line === null && earlier.line !== null ? [earlier, place] : [place, earlier];
    const otherWhere = other.line === null ? other.file : `${other.file}:${other.line}`;
    issues.push({
      file: here.file,
      line: here.line ?? 1,
      column: here.column ?? 1,
      code: 'duplicate-guid',
      message: `guid ${key} is used twice: here and at ${otherWhere}`,
      hint: 'each image may appear in one place only; remove or merge one of the entries',
    });
  }
  return issues;
}
