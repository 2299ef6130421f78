// The static policy every workflow and action file follows (see test/workflow-policy.test.ts):
// shared with the tests that check workflows fwsync writes (fwsync init) rather than ships.

import { parse } from 'yaml';

export type Doc = Record<string, unknown>;

export const asRecord = (v: unknown): Doc =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Doc) : {};

export function steps(doc: Doc): Doc[] {
  const jobSteps = Object.values(asRecord(doc.jobs)).flatMap((j) => asRecord(j).steps ?? []);
  const actionSteps = asRecord(doc.runs).steps ?? [];
  return [...(jobSteps as unknown[]), ...(actionSteps as unknown[])].map(asRecord);
}

const PINNED = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/;
const UNSAFE_IN_RUN = /\$\{\{\s*(github\.event\.|github\.head_ref|inputs\.|secrets\.)/;

/** Every policy violation of one workflow or action file, as readable strings. */
export function violations(file: string, text: string): string[] {
  const out: string[] = [];
  const doc = parse(text) as Doc;
  // Comments may warn against it; any other mention (a trigger, an `if:`) is a violation.
  if (/pull_request_target/.test(text.replace(/(^|\s)#.*$/gm, '')))
    out.push(`${file}: uses pull_request_target`);
  for (const line of text.split('\n')) {
    const m = /^\s*(?:-\s+)?uses:\s*(\S+)\s*(#.*)?$/.exec(line);
    if (!m) continue;
    const ref = m[1]!.replace(/^["']|["']$/g, '');
    if (ref.startsWith('./')) continue;
    if (!PINNED.test(ref)) out.push(`${file}: not pinned to a commit SHA: ${ref}`);
    else if (!/^#\s*v\d+\.\d+\.\d+/.test(m[2] ?? '')) out.push(`${file}: no "# vX.Y.Z" comment on ${ref}`);
  }
  for (const step of steps(doc)) {
    if (typeof step.run === 'string' && UNSAFE_IN_RUN.test(step.run)) {
      out.push(`${file}: expression inside run: ${step.run.trim().slice(0, 60)}`);
    }
  }
  if ('jobs' in doc) {
    if (!('permissions' in doc)) out.push(`${file}: no top-level permissions`);
    const top = asRecord(doc.permissions);
    if (doc.permissions === 'write-all' || Object.values(top).some((v) => v !== 'read')) {
      out.push(`${file}: top-level permissions grant writes`);
    }
    for (const [name, job] of Object.entries(asRecord(doc.jobs))) {
      const perms = asRecord(job).permissions;
      if (typeof perms === 'string') out.push(`${file}: job ${name} uses permissions: ${perms}`);
      if ('id-token' in asRecord(perms)) out.push(`${file}: job ${name} asks for id-token`);
    }
  }
  return out;
}
