import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";

// src/adapters/credentials.ts
var ENV_WEB_API_KEY = "FINERWORKS_WEB_API_KEY";
var ENV_APP_KEY = "FINERWORKS_APP_KEY";
var ENV_ACCOUNT_KEY = "FINERWORKS_ACCOUNT_KEY";
var INVALID_KEY = /[\s\u0000-\u001f\u007f]/;
function readKey(env, name) {
  const raw = env[name];
  if (raw === void 0) return null;
  const value = raw.trim();
  if (value === "") return null;
  if (INVALID_KEY.test(value)) {
    throw new FwsyncError("input", `${name} contains whitespace or control characters`, {
      hint: `set ${name} to the key exactly as FinerWorks shows it, without spaces or line breaks inside`
    });
  }
  return value;
}
function readCredentials(env, opts) {
  const webApiKey = readKey(env, ENV_WEB_API_KEY);
  const appKey = readKey(env, ENV_APP_KEY);
  const accountKey = readKey(env, ENV_ACCOUNT_KEY);
  if (webApiKey !== null && appKey !== null) return { webApiKey, appKey, accountKey };
  if (!opts.required) return null;
  const missing = [webApiKey === null ? ENV_WEB_API_KEY : null, appKey === null ? ENV_APP_KEY : null].filter(
    (name) => name !== null
  );
  throw new FwsyncError("input", `FinerWorks credentials missing: ${missing.join(" and ")} not set`, {
    hint: `export ${ENV_WEB_API_KEY} and ${ENV_APP_KEY} (in GitHub Actions, pass them from repository secrets); ${ENV_ACCOUNT_KEY} is optional`
  });
}
function secretsOf(credentials) {
  return [credentials.webApiKey, credentials.appKey, credentials.accountKey].filter(
    (s) => s !== null && s !== ""
  );
}
var MIN_SECRET_LENGTH = 4;
function redact(text, secrets) {
  const forms = /* @__PURE__ */ new Set();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    const bytes = Buffer.from(secret, "utf8");
    forms.add(secret);
    forms.add(bytes.toString("base64"));
    forms.add(bytes.toString("base64").replace(/=+$/, ""));
    forms.add(bytes.toString("base64url"));
    forms.add(encodeURIComponent(secret));
    forms.add(encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()));
  }
  let out = text;
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    if (form.length >= MIN_SECRET_LENGTH) out = out.split(form).join("***");
  }
  return out;
}

// src/adapters/finerworks-client.ts
var FinerWorksError = class extends Error {
  class;
  /** The HTTP status, or null when no response arrived. */
  status;
  /** FinerWorks' own text (status.message, Message, ModelState), sanitised and trimmed. */
  apiMessage;
  /** From a Retry-After header, in ms from when the response arrived. */
  retryAfterMs;
  /** HTTP attempts made for this call; withRetry raises it. */
  attempts = 1;
  /** Set by withRetry when it gave up on a transient error. */
  gaveUp = null;
  constructor(cls, message, details = {}) {
    super(message);
    this.name = "FinerWorksError";
    this.class = cls;
    this.status = details.status ?? null;
    this.apiMessage = details.apiMessage ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
  }
};
var DEFAULT_SESSION_ID = "6677c0e1f3a94b7d8e2c5a1b0d9f4e38";
var DEFAULT_SITE_ID = 2;
var MAX_PER_PAGE = 50;
var MAX_API_MESSAGE = 300;
var MAX_BODY_SNIPPET = 200;
var AUTH_TEXT = /missing or unauthorized/i;
function createFinerWorksClient(opts) {
  const base = opts.baseUrl.replace(/\/+$/, "");
  const doFetch = opts.fetch ?? globalThis.fetch;
  const now = opts.now ?? (() => Date.now());
  const secrets = secretsOf(opts.credentials);
  const clean = (text) => redact(text, secrets);
  const fail = (cls, message, details = {}) => new FinerWorksError(cls, clean(message), {
    ...details,
    apiMessage: details.apiMessage == null ? null : clean(details.apiMessage)
  });
  async function call(method, path, body, signal) {
    const what = `${method} ${path}`;
    const timeout = AbortSignal.timeout(opts.timeoutMs);
    const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;
    const abortMessage = () => timeout.aborted ? `${what}: no complete response within ${formatSeconds(opts.timeoutMs)}` : `${what}: request cancelled`;
    let response;
    try {
      response = await doFetch(`${base}${path}`, {
        method,
        headers: {
          web_api_key: opts.credentials.webApiKey,
          app_key: opts.credentials.appKey,
          "Content-Type": "application/json",
          "User-Agent": opts.userAgent
        },
        ...body === void 0 ? {} : { body: JSON.stringify(body) },
        // A redirect would be followed with our headers to wherever it points; refuse it.
        redirect: "manual",
        signal: combined
      });
    } catch (error) {
      if (combined.aborted) throw fail("transient", abortMessage());
      throw fail("transient", `${what}: connection to ${hostOf(base)} failed (${networkCode(error)})`);
    }
    const status = response.status;
    const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"), now());
    let text;
    try {
      text = await response.text();
    } catch {
      if (combined.aborted) throw fail("transient", abortMessage(), { status, retryAfterMs });
      throw fail("transient", `${what}: response body cut short (HTTP ${status})`, { status, retryAfterMs });
    }
    if (status >= 300 && status < 400) {
      const location = response.headers.get("location");
      throw fail(
        "auth",
        `${what}: unexpected redirect (HTTP ${status}${location ? ` to ${sanitize(location, MAX_BODY_SNIPPET)}` : ""}); check api.base_url or FINERWORKS_API_URL`,
        { status }
      );
    }
    const parsed = parseJson(text);
    if (status < 200 || status >= 300) {
      const apiMessage = parsed === void 0 ? snippetOrNull(text) : messageOf(parsed);
      const suffix = apiMessage ? `: ${apiMessage}` : "";
      if (status === 401 || status === 403 || status === 400 && AUTH_TEXT.test(text)) {
        throw fail("auth", `FinerWorks rejected the API credentials (HTTP ${status}${suffix})`, {
          status,
          apiMessage
        });
      }
      if (status === 408 || status === 429 || status >= 500) {
        throw fail("transient", `${what}: HTTP ${status}${suffix}`, { status, apiMessage, retryAfterMs });
      }
      throw fail("rejected", `${what}: HTTP ${status}${suffix}`, { status, apiMessage });
    }
    if (!isRecord(parsed) || !isRecord(parsed.status) || typeof parsed.status.success !== "boolean") {
      const type = response.headers.get("content-type") ?? "no content type";
      const shown = snippetOrNull(text);
      throw fail(
        "transient",
        `${what}: unexpected response body (HTTP ${status}, ${sanitize(type, 80)}): ${shown === null ? "empty" : JSON.stringify(shown)}`,
        { status, retryAfterMs }
      );
    }
    if (parsed.status.success !== true) {
      const apiMessage = messageOf(parsed);
      throw fail(
        "rejected",
        `${what}: FinerWorks answered success: false${apiMessage ? `: ${apiMessage}` : ""}`,
        {
          status,
          apiMessage
        }
      );
    }
    return parsed;
  }
  function library(given) {
    return {
      name: given?.name ?? opts.libraryName ?? "inventory",
      session_id: given?.session_id ?? opts.sessionId ?? DEFAULT_SESSION_ID,
      account_key: given?.account_key ?? opts.credentials.accountKey ?? "",
      site_id: given?.site_id ?? opts.librarySiteId ?? DEFAULT_SITE_ID
    };
  }
  return {
    async updateImages(images, signal) {
      await call("PUT", "/update_images", { images, account_key: opts.credentials.accountKey }, signal);
    },
    async listImages(request, signal) {
      const body = {
        library: library(request.library),
        search_filter: request.search_filter ?? "",
        guid_filter: request.guid_filter ?? null,
        page_number: request.page_number ?? 1,
        per_page: Math.min(request.per_page ?? MAX_PER_PAGE, MAX_PER_PAGE),
        sort_field: request.sort_field ?? "id",
        sort_direction: request.sort_direction ?? "ASC",
        upload_date_from: request.upload_date_from ?? null,
        upload_date_to: request.upload_date_to ?? null,
        list_products: request.list_products ?? false,
        active: request.active ?? null
      };
      const parsed = await call("POST", "/list_images", body, signal);
      if (!Array.isArray(parsed.images)) {
        throw fail("transient", "POST /list_images: unexpected response body (no images array)");
      }
      return parsed;
    },
    async testMyCredentials(signal) {
      const parsed = await call("GET", "/test_my_credentials", void 0, signal);
      return isRecord(parsed.user_account) ? parsed.user_account : {};
    }
  };
}
function toFwsyncError(error) {
  if (error.class === "auth") {
    return new FwsyncError("auth", error.message, {
      hint: "check FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY (both are needed, and they are different keys)"
    });
  }
  return new FwsyncError("api", error.message, {
    hint: error.class === "transient" ? "FinerWorks did not answer properly; try again later" : void 0
  });
}
function parseRetryAfter(value, nowMs) {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1e3;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}
function isRecord(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return void 0;
  }
}
function messageOf(body) {
  if (!isRecord(body)) return null;
  const parts = [];
  if (isRecord(body.status) && typeof body.status.message === "string") parts.push(body.status.message);
  for (const key of ["Message", "message"]) {
    const value = body[key];
    if (typeof value === "string") parts.push(value);
  }
  if (isRecord(body.ModelState)) {
    for (const value of Object.values(body.ModelState)) {
      if (Array.isArray(value)) parts.push(...value.filter((v) => typeof v === "string"));
      else if (typeof value === "string") parts.push(value);
    }
  }
  const text = sanitize(parts.filter((p) => p.trim() !== "").join(" \u2014 "), MAX_API_MESSAGE);
  return text === "" ? null : text;
}
function snippetOrNull(text) {
  const shown = sanitize(text, MAX_BODY_SNIPPET);
  return shown === "" ? null : shown;
}
function sanitize(text, max) {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, " ").replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}\u2026` : flat;
}
function networkCode(error) {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = isRecord(cause) && typeof cause.code === "string" ? cause.code : null;
  if (code) return code;
  return cause instanceof Error ? sanitize(cause.message, 120) : "unknown error";
}
function hostOf(base) {
  try {
    return new URL(base).host;
  } catch {
    return "the API host";
  }
}
function formatSeconds(ms) {
  return ms % 1e3 === 0 ? `${ms / 1e3} s` : `${ms} ms`;
}

export {
  ENV_WEB_API_KEY,
  ENV_APP_KEY,
  ENV_ACCOUNT_KEY,
  readCredentials,
  redact,
  FinerWorksError,
  createFinerWorksClient,
  toFwsyncError
};
