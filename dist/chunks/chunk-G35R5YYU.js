import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  FwsyncError
} from "./chunk-HKFHH7BV.js";

// src/adapters/api-url.ts
var LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;
function resolveApiUrl(env, configured) {
  const fromEnv = env.FINERWORKS_API_URL?.trim();
  const source = fromEnv ? "FINERWORKS_API_URL" : "api.base_url in the config";
  const text = fromEnv || configured;
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new FwsyncError("input", `${source} is not a URL: ${JSON.stringify(text.slice(0, 200))}`, {
      hint: "Give the full address of the API, e.g. https://api.finerworks.com/v3 (or unset FINERWORKS_API_URL to use the config)."
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

export {
  resolveApiUrl
};
