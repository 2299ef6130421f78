// Scripted faults: one-shot misbehaviours queued by a test and consumed by the next matching
// requests. Checked on the way in, so a typo in a test script fails loudly instead of never firing.

import { FwsyncError } from '../errors.js';
import type { ScriptedFault } from './types.js';

const KINDS = new Set(['status', 'reset', 'hang', 'truncate', 'html', 'success-false', 'delay', 'after']);

/** `update_images`, `/v3/Update_Images` and `/V3/update_images/` all name the same route. */
function routeKey(path: string): string {
  return path.split('?')[0]!.toLowerCase().replace(/^\/+/, '').replace(/^v3\//, '').replace(/\/+$/, '');
}

function parseFault(value: unknown, where = 'fault'): ScriptedFault {
  const bad = (why: string): never => {
    throw new FwsyncError('input', `${where}: ${why}`, {
      hint: 'A fault looks like { "kind": "status", "status": 503 }; kinds: ' + [...KINDS].join(', ') + '.',
    });
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return bad('must be an object');
  const f = value as Record<string, unknown>;
  if (typeof f.kind !== 'string' || !KINDS.has(f.kind)) return bad(`unknown kind ${JSON.stringify(f.kind)}`);
  if (f.match !== undefined) {
    const m = f.match as Record<string, unknown> | null;
    if (typeof m !== 'object' || m === null) return bad('match must be an object');
    if (m.path !== undefined && typeof m.path !== 'string') bad('match.path must be a string');
    if (m.nth !== undefined && !(Number.isInteger(m.nth) && (m.nth as number) >= 1))
      bad('match.nth must be an integer ≥ 1');
  }
  switch (f.kind) {
    case 'status':
      if (!Number.isInteger(f.status) || (f.status as number) < 100 || (f.status as number) > 599)
        bad('status must be an HTTP status code');
      if (f.body !== undefined && typeof f.body !== 'string') bad('body must be a string');
      if (f.headers !== undefined) {
        const h = f.headers;
        if (typeof h !== 'object' || h === null || Object.values(h).some((v) => typeof v !== 'string'))
          bad('headers must map names to strings');
      }
      break;
    case 'success-false':
      if (f.message !== undefined && typeof f.message !== 'string') bad('message must be a string');
      break;
    case 'delay':
      if (typeof f.ms !== 'number' || !(f.ms >= 0)) bad('ms must be a number ≥ 0');
      break;
    case 'after':
      parseFault(f.then, `${where}.then`);
      break;
  }
  return structuredClone(value) as ScriptedFault;
}

export function parseFaults(value: unknown): ScriptedFault[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((f, i) => parseFault(f, `fault ${i + 1}`));
}

export function describeFault(fault: ScriptedFault): string {
  switch (fault.kind) {
    case 'status':
      return `status:${fault.status}`;
    case 'delay':
      return `delay:${fault.ms}`;
    case 'after':
      return `after:${describeFault(fault.then)}`;
    default:
      return fault.kind;
  }
}

interface Queued {
  fault: ScriptedFault;
  path: string | undefined;
  nth: number;
  seen: number;
}

export class FaultQueue {
  private queue: Queued[] = [];

  push(fault: ScriptedFault): void {
    const path = fault.match?.path === undefined ? undefined : routeKey(fault.match.path);
    this.queue.push({ fault, path, nth: fault.match?.nth ?? 1, seen: 0 });
  }

  get size(): number {
    return this.queue.length;
  }

  clear(): void {
    this.queue = [];
  }

  /**
   * The fault for this request, if any. Every queued fault whose path matches counts the
   * request; the first one to reach its nth is consumed. Unfiltered faults fire in order.
   */
  take(path: string): ScriptedFault | undefined {
    const key = routeKey(path);
    let chosen: Queued | undefined;
    for (const q of this.queue) {
      if (q.path !== undefined && q.path !== key) continue;
      q.seen += 1;
      if (chosen === undefined && q.seen >= q.nth) chosen = q;
    }
    if (chosen === undefined) return undefined;
    this.queue.splice(this.queue.indexOf(chosen), 1);
    return chosen.fault;
  }
}
