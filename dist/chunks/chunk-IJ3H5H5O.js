import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);
import {
  guarded,
  once
} from "./chunk-DVXEWOV7.js";

// src/use-cases/whoami.ts
async function whoami(api, call = once) {
  const account = await guarded(() => call((signal) => api.testMyCredentials(signal)));
  const name = typeof account.account_username === "string" && account.account_username !== "" ? account.account_username : "(no user name)";
  const id = typeof account.account_id === "number" ? account.account_id : null;
  return { name, id };
}

export {
  whoami
};
