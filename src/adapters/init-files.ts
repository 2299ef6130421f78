// The file-system side of `fwsync init`, relative to one folder. "Never overwrite" is the
// `wx` flag, not a check before writing: a file that appears meanwhile is still not replaced.

import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { InitFiles } from '../use-cases/init.js';
import { FwsyncError } from '../errors.js';

const isCode = (error: unknown, code: string): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;

async function readOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if (isCode(error, 'ENOENT')) return null;
    throw error;
  }
}

function cannotWrite(rel: string, error: unknown): FwsyncError {
  const reason = error instanceof Error ? error.message : String(error);
  return new FwsyncError('input', `init cannot write ${rel}: ${reason}`, {
    cause: error,
    hint: 'run fwsync init in a folder you may write to (or -C DIR to choose it)',
  });
}

export function nodeInitFiles(cwd: string): InitFiles {
  const abs = (rel: string): string => path.join(cwd, rel);
  const write: InitFiles['write'] = async (rel, text, { overwrite }) => {
    const file = abs(rel);
    await mkdir(path.dirname(file), { recursive: true });
    if (overwrite) {
      const existed = (await readOrNull(file)) !== null;
      await writeFile(file, text);
      return existed ? 'replaced' : 'created';
    }
    try {
      await writeFile(file, text, { flag: 'wx' });
      return 'created';
    } catch (error) {
      if (isCode(error, 'EEXIST')) return 'exists';
      throw error;
    }
  };
  return {
    read: (rel) => readOrNull(abs(rel)),
    write: (rel, text, opts) =>
      write(rel, text, opts).catch((error: unknown) => {
        throw cannotWrite(rel, error);
      }),
    append: (rel, text) =>
      appendFile(abs(rel), text).catch((error: unknown) => {
        throw cannotWrite(rel, error);
      }),
    async installedFrom() {
      // The project's lock file, else the one npm keeps inside node_modules.
      for (const lock of ['package-lock.json', 'node_modules/.package-lock.json']) {
        const text = await readOrNull(abs(lock));
        if (text === null) continue;
        try {
          const data = JSON.parse(text) as { packages?: Record<string, { resolved?: unknown }> };
          const resolved = data.packages?.['node_modules/fwsync']?.resolved;
          if (typeof resolved === 'string') return resolved;
        } catch {
          // A lock file that is not JSON says nothing about fwsync; the workflow gets the placeholder.
        }
      }
      return null;
    },
  };
}
