import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";

// src/adapters/api-url.ts
var LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
var DEFAULT_API_URL = "https://api.finerworks.com/v3";
function resolveApiUrl(env, configured) {
  const fromEnv = env.FINERWORKS_API_URL?.trim();
  return parseApiUrl(
    fromEnv || configured,
    fromEnv ? "FINERWORKS_API_URL" : "api.base_url in the config",
    "(or unset FINERWORKS_API_URL to use the config)"
  );
}
function parseApiUrl(text, source, alternative = "") {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new FwsyncError("input", `${source} is not a URL: ${JSON.stringify(text.slice(0, 200))}`, {
      hint: `Give the full address of the API, e.g. ${DEFAULT_API_URL}${alternative ? ` ${alternative}` : ""}.`
    });
  }
  if (url.protocol !== "https:" && !(url.protocol === "http:" && LOOPBACK.test(url.hostname))) {
    throw new FwsyncError("input", `${source} must use https (got ${url.protocol}//${url.host})`, {
      hint: "The keys travel in request headers: fwsync sends them over HTTPS only, and over plain HTTP only to this machine (localhost, 127.0.0.1, [::1])."
    });
  }
  if (url.username !== "" || url.password !== "") {
    throw new FwsyncError("input", `${source} must not contain a user name or password`, {
      hint: "The keys come from FINERWORKS_WEB_API_KEY and FINERWORKS_APP_KEY, never from the URL."
    });
  }
  return url;
}
function parseAllowedHosts(text) {
  return text.split(/[\s,]+/).map((h) => h.trim().toLowerCase()).filter((h) => h !== "");
}
function actionApiUrl(policy, configured) {
  if (configured === DEFAULT_API_URL) return policy.url;
  const url = parseApiUrl(configured, "api.base_url in the config");
  const host = url.host.toLowerCase();
  if (host === policy.url.host.toLowerCase() || policy.allowedHosts.includes(host)) return url;
  throw new FwsyncError(
    "refused",
    `api.base_url in the config names the host ${url.host}, but this workflow sends the FinerWorks keys only to ${policy.url.host} (${policy.source})`,
    {
      hint: `The repository's config cannot move the keys to another host. If ${url.host} is the API you mean, list it in the workflow's allowed-api-hosts input (or set the api-url input to it); otherwise remove api.base_url from the config.`
    }
  );
}

export {
  DEFAULT_API_URL,
  resolveApiUrl,
  parseApiUrl,
  parseAllowedHosts,
  actionApiUrl
};
