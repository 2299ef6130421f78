// `fwsync whoami`: the account the keys belong to.

import { guarded, once, type Caller } from '../adapters/finerworks-paging.js';
import type { FinerWorksApi } from '../core/finerworks-types.js';

export async function whoami(
  api: FinerWorksApi,
  call: Caller = once,
): Promise<{ name: string; id: number | null }> {
  const account = await guarded(() => call((signal) => api.testMyCredentials(signal)));
  const name =
    typeof account.account_username === 'string' && account.account_username !== ''
      ? account.account_username
      : '(no user name)';
  const id = typeof account.account_id === 'number' ? account.account_id : null;
  return { name, id };
}
