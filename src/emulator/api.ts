// The documented FinerWorks v3 behaviour, as plain functions from a parsed request to an
// answer (status + JSON body). The server (server.ts) owns sockets, auth headers and faults.

import type { ResponseStatus } from '../core/finerworks-types.js';
import type { ImageStore, ImageUpdate, ListQuery } from './store.js';
import type { EmulatorBehaviour } from './behaviour.js';
import type { EmulatorCredentials, LibraryName } from './types.js';

export interface ApiResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type RouteName =
  'test_my_credentials' | 'update_images' | 'list_images' | 'delete_images' | 'add_images';

const ROUTES: Record<RouteName, string> = {
  test_my_credentials: 'GET',
  update_images: 'PUT',
  list_images: 'POST',
  delete_images: 'DELETE',
  add_images: 'POST',
};

/** The exact body the live API returns for missing or unauthorized keys (HTTP 400). */
export const AUTH_FAILURE_BODY = {
  Message: 'The request is invalid.',
  ModelState: { 'ApiC.Models.authorization_credentials': ['Missing or unauthorized api credentials'] },
} as const;

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SORT_FIELDS = ['id', 'title', 'file_name', 'file_size', 'date_added'] as const;
const MAX_PER_PAGE = 50;
const MAX_ADD = 5;

export function ok(extra: Record<string, unknown> = {}): ApiResponse {
  return { status: 200, body: { status: okStatus(), ...extra } };
}

function okStatus(): ResponseStatus {
  return { success: true, status_code: 200, message: '', debug: null };
}

/** Business failures come back as HTTP 200 with `status.success: false`. */
export function notSuccessful(message: string, statusCode = 400): ApiResponse {
  return { status: 200, body: { status: { success: false, status_code: statusCode, message, debug: null } } };
}

function modelStateError(errors: Record<string, string[]>): ApiResponse {
  return { status: 400, body: { Message: 'The request is invalid.', ModelState: errors } };
}

/** Match a path under /v3/ case-insensitively (ASP.NET routing ignores case). */
export function resolveRoute(
  pathname: string,
  method: string,
): { route: RouteName } | { response: ApiResponse } {
  const match = /^\/v3\/([^/]+)\/?$/i.exec(pathname);
  const name = match?.[1]?.toLowerCase();
  if (name === undefined || !(name in ROUTES)) {
    return {
      response: {
        status: 404,
        body: { Message: `No HTTP resource was found that matches the request URI '${pathname}'.` },
      },
    };
  }
  const route = name as RouteName;
  if (ROUTES[route] !== method.toUpperCase()) {
    return {
      response: {
        status: 405,
        headers: { Allow: ROUTES[route] },
        body: { Message: `The requested resource does not support http method '${method.toUpperCase()}'.` },
      },
    };
  }
  return { route };
}

/** Both keys must be present and match; the same value twice is rejected too. */
export function credentialsValid(
  webApiKey: string | undefined,
  appKey: string | undefined,
  expected: EmulatorCredentials,
): boolean {
  if (webApiKey === undefined || appKey === undefined || webApiKey === appKey) return false;
  return webApiKey === expected.webApiKey && appKey === expected.appKey;
}

export interface ApiContext {
  store: ImageStore;
  behaviour: EmulatorBehaviour;
}

const OPTIONAL_FIELDS = [
  'visible',
  'rank',
  'assigned_personal_gallery_ids',
  'assigned_gallery_subcategory_ids',
] as const;

export function handleApi(route: RouteName, body: unknown, ctx: ApiContext): ApiResponse {
  switch (route) {
    case 'test_my_credentials':
      return ok({ user_account: structuredClone(ctx.store.account) });
    case 'update_images':
      return updateImages(body, ctx);
    case 'list_images':
      return listImages(body, ctx);
    case 'delete_images':
      return deleteImages(body, ctx);
    case 'add_images':
      return addImages(body, ctx);
  }
}

type Errors = Record<string, string[]>;

function fail(errors: Errors, key: string, message: string): void {
  (errors[key] ??= []).push(message);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIntArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => Number.isInteger(v));
}

function missingBody(): ApiResponse {
  return modelStateError({ request: ['The request body is required and must be a JSON object.'] });
}

function updateImages(raw: unknown, ctx: ApiContext): ApiResponse {
  if (!isRecord(raw)) return missingBody();
  if (!Array.isArray(raw.images)) {
    return modelStateError({ 'request.images': ['The images field is required and must be an array.'] });
  }
  const images: unknown[] = raw.images;
  const { behaviour } = ctx;
  if (behaviour.maxBatch !== undefined && images.length > behaviour.maxBatch) {
    return modelStateError({
      'request.images': [`Too many images: ${images.length}; at most ${behaviour.maxBatch} per request.`],
    });
  }
  const errors: Errors = {};
  const updates: ImageUpdate[] = [];
  images.forEach((item, i) => {
    const at = `request.images[${i}]`;
    if (!isRecord(item)) return fail(errors, at, 'Each image must be an object.');
    if (typeof item.guid !== 'string' || !GUID_RE.test(item.guid)) {
      return fail(
        errors,
        `${at}.guid`,
        `Error converting value ${JSON.stringify(item.guid ?? null)} to type 'System.Guid'.`,
      );
    }
    const u: ImageUpdate = { guid: item.guid };
    // An absent or null field is left alone or cleared, as the behaviour says (undocumented).
    for (const key of ['title', 'description'] as const) {
      const v = item[key];
      if (typeof v === 'string') u[key] = v;
      else if (v !== undefined && v !== null)
        fail(errors, `${at}.${key}`, `The ${key} field must be a string.`);
    }
    if (u.description === '' && behaviour.emptyDescription === 'reject')
      fail(errors, `${at}.description`, 'The description field is required.');
    if (u.description === '' && behaviour.emptyDescription === 'ignore') delete u.description;
    const optional = OPTIONAL_FIELDS.filter((k) => item[k] !== undefined && item[k] !== null);
    if (behaviour.optional === 'reject' && optional.length > 0) {
      for (const k of optional)
        fail(errors, `${at}.${k}`, `The ${k} field is not a member of update_image_details.`);
      return;
    }
    if (typeof item.visible === 'boolean') u.visible = item.visible;
    else if (item.visible !== undefined && item.visible !== null)
      fail(errors, `${at}.visible`, 'The visible field must be a boolean.');
    if (Number.isInteger(item.rank)) u.rank = item.rank as number;
    else if (item.rank !== undefined && item.rank !== null)
      fail(errors, `${at}.rank`, 'The rank field must be an integer.');
    for (const key of ['assigned_personal_gallery_ids', 'assigned_gallery_subcategory_ids'] as const) {
      const v = item[key];
      if (isIntArray(v)) u[key] = v;
      else if (v !== undefined && v !== null)
        fail(errors, `${at}.${key}`, `The ${key} field must be an array of integers.`);
    }
    if (behaviour.optional === 'ignore') for (const k of OPTIONAL_FIELDS) delete u[k];
    updates.push(u);
  });
  if (Object.keys(errors).length > 0) return modelStateError(errors);
  const unknown = ctx.store.unknown(updates.map((u) => u.guid));
  if (unknown.length > 0 && behaviour.unknownGuid === 'http-400') {
    return modelStateError({ 'request.images': [`Unknown image guid: ${unknown.join(', ')}`] });
  }
  // `reject`: the batch is atomic, one unknown guid and nothing changes.
  if (unknown.length > 0 && behaviour.unknownGuid === 'reject')
    return notSuccessful(
      `${unknown.length === 1 ? 'Image' : 'Images'} not found: ${unknown.join(', ')}`,
      404,
    );
  ctx.store.update(updates, {
    clearOmitted: behaviour.partial === 'clear',
    removeProducts: behaviour.products === 'remove',
  });
  return { status: 200, body: { status: { success: true, status_code: 200, message: '' } } };
}

function parseLibrary(value: unknown, errors: Errors, required: boolean): LibraryName | null {
  if (value === undefined || value === null) {
    if (required) fail(errors, 'request.library', 'The library field is required.');
    return null;
  }
  if (!isRecord(value)) {
    fail(errors, 'request.library', 'The library field must be an object.');
    return null;
  }
  const name = value.name ?? 'inventory';
  const lower = typeof name === 'string' ? name.toLowerCase() : '';
  if (lower !== 'inventory' && lower !== 'temporary') {
    fail(errors, 'request.library.name', 'The name field must be "inventory" or "temporary".');
  }
  if (value.site_id === undefined || value.site_id === null) {
    fail(errors, 'request.library.site_id', 'The site_id field is required.');
  } else if (!Number.isInteger(value.site_id)) {
    fail(errors, 'request.library.site_id', 'The site_id field must be an integer.');
  }
  const session = value.session_id;
  if (session !== undefined && session !== null && session !== '') {
    if (typeof session !== 'string' || session.length < 8 || session.length > 50) {
      fail(errors, 'request.library.session_id', 'The session_id field must be 8 to 50 characters long.');
    }
  }
  return lower === 'temporary' ? 'temporary' : 'inventory';
}

function optionalInt(body: Record<string, unknown>, key: string, fallback: number, errors: Errors): number {
  const v = body[key];
  if (v === undefined || v === null) return fallback;
  if (!Number.isInteger(v)) {
    fail(errors, `request.${key}`, `The value ${JSON.stringify(v)} is not valid for Int32.`);
    return fallback;
  }
  return v as number;
}

function optionalDate(body: Record<string, unknown>, key: string, errors: Errors): number | null {
  const v = body[key];
  if (v === undefined || v === null || v === '') return null;
  const parsed = typeof v === 'string' ? Date.parse(/[zZ]|[+-]\d\d:\d\d$/.test(v) ? v : `${v}Z`) : NaN;
  if (Number.isNaN(parsed))
    fail(errors, `request.${key}`, `The value ${JSON.stringify(v)} is not a valid date.`);
  return Number.isNaN(parsed) ? null : parsed;
}

function listImages(raw: unknown, ctx: ApiContext): ApiResponse {
  if (!isRecord(raw)) return missingBody();
  const errors: Errors = {};
  const library = parseLibrary(raw.library, errors, true) ?? 'inventory';
  const perPage = optionalInt(raw, 'per_page', 10, errors);
  if (perPage < 1 || perPage > MAX_PER_PAGE)
    fail(errors, 'request.per_page', `per_page must be between 1 and ${MAX_PER_PAGE}.`);
  const page = optionalInt(raw, 'page_number', 1, errors);
  if (page < 1) fail(errors, 'request.page_number', 'page_number must be 1 or more.');

  const sortRaw = raw.sort_field ?? 'id';
  const sortField = SORT_FIELDS.find((f) => typeof sortRaw === 'string' && f === sortRaw.toLowerCase());
  if (sortField === undefined)
    fail(errors, 'request.sort_field', `sort_field must be one of ${SORT_FIELDS.join(', ')}.`);
  const dirRaw = raw.sort_direction ?? 'DESC';
  const dir = typeof dirRaw === 'string' ? dirRaw.toUpperCase() : '';
  if (dir !== 'ASC' && dir !== 'DESC')
    fail(errors, 'request.sort_direction', 'sort_direction must be "ASC" or "DESC".');

  const search = raw.search_filter ?? '';
  if (typeof search !== 'string') fail(errors, 'request.search_filter', 'search_filter must be a string.');
  let guids: string[] | null = null;
  const gf = raw.guid_filter;
  if (Array.isArray(gf)) {
    if (!gf.every((g) => typeof g === 'string' && GUID_RE.test(g))) {
      fail(errors, 'request.guid_filter', 'guid_filter must be an array of GUIDs.');
    } else if (gf.length > 0) guids = gf as string[];
  } else if (gf !== undefined && gf !== null)
    fail(errors, 'request.guid_filter', 'guid_filter must be an array of GUIDs.');
  const active = raw.active ?? null;
  if (active !== null && typeof active !== 'boolean')
    fail(errors, 'request.active', 'active must be true, false or null.');
  const listProducts = raw.list_products ?? false;
  if (typeof listProducts !== 'boolean')
    fail(errors, 'request.list_products', 'list_products must be a boolean.');
  const from = optionalDate(raw, 'upload_date_from', errors);
  const to = optionalDate(raw, 'upload_date_to', errors);
  if (Object.keys(errors).length > 0) return modelStateError(errors);

  const query: ListQuery = {
    library,
    guids,
    search: search as string,
    active: active as boolean | null,
    from,
    to,
    sortField: sortField ?? 'id',
    descending: dir === 'DESC',
    page,
    perPage,
    listProducts: listProducts as boolean,
  };
  const { images, count } = ctx.store.list(query);
  return ok({ images, page_number: page, per_page: perPage, count });
}

function deleteImages(raw: unknown, ctx: ApiContext): ApiResponse {
  if (!isRecord(raw)) return missingBody();
  const errors: Errors = {};
  const guids = raw.guids;
  if (!Array.isArray(guids) || !guids.every((g) => typeof g === 'string' && GUID_RE.test(g))) {
    fail(errors, 'request.guids', 'The guids field is required and must be an array of GUIDs.');
  }
  // The docs mark library required, yet their own example sends null.
  const library = parseLibrary(raw.library, errors, false);
  if (Object.keys(errors).length > 0) return modelStateError(errors);
  const list = guids as string[];
  const unknown = ctx.store.unknown(list, library ?? undefined);
  if (unknown.length > 0)
    return notSuccessful(
      `${unknown.length === 1 ? 'Image' : 'Images'} not found: ${unknown.join(', ')}`,
      404,
    );
  ctx.store.delete(list);
  return ok();
}

function addImages(raw: unknown, ctx: ApiContext): ApiResponse {
  if (!isRecord(raw)) return missingBody();
  const errors: Errors = {};
  const images = raw.images;
  if (!Array.isArray(images) || images.length === 0) {
    fail(errors, 'request.images', 'The images field is required and must be a non-empty array.');
  } else if (images.length > MAX_ADD) {
    fail(errors, 'request.images', `Insert up to ${MAX_ADD} images at once; got ${images.length}.`);
  } else {
    images.forEach((img, i) => {
      if (!isRecord(img)) return fail(errors, `request.images[${i}]`, 'Each image must be an object.');
      if (typeof img.title !== 'string')
        fail(errors, `request.images[${i}].title`, 'The title field is required.');
      if (img.description !== undefined && img.description !== null && typeof img.description !== 'string') {
        fail(errors, `request.images[${i}].description`, 'The description field must be a string.');
      }
    });
  }
  const library = parseLibrary(raw.library, errors, true);
  if (Object.keys(errors).length > 0 || library === null) return modelStateError(errors);
  const entries = (images as Array<Record<string, unknown>>).map((img) => ({
    ...img,
    description: img.description ?? '',
  }));
  return ok({ images: ctx.store.add(library, entries) });
}
