// One way to replace a file on disk: write a temp file in the same folder, fsync it, rename it
// over the target (retrying the rename while Windows tools hold the target), then fsync the
// folder. A crash at any point leaves either the old file or the new one, never a mix.

import { randomBytes } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as nodePath from 'node:path';

/** The file operations a write uses, so that tests can inject faults (ENOSPC, EPERM...). */
export interface FsShim {
  readFile(path: string): Promise<Buffer>;
  open(path: string, flags: string, mode?: number): Promise<FileHandleLike>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string, options: { recursive: true }): Promise<unknown>;
  readdir(path: string): Promise<string[]>;
}

export interface FileHandleLike {
  writeFile(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export const nodeFs: FsShim = {
  readFile: (path) => fsp.readFile(path),
  open: (path, flags, mode) => fsp.open(path, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  unlink: (path) => fsp.unlink(path),
  mkdir: (path, options) => fsp.mkdir(path, options),
  readdir: (path) => fsp.readdir(path),
};

const RENAME_RETRIES = 5;

/** temp file in the same folder → fsync → rename (retrying EPERM/EBUSY) → fsync the folder. */
export async function writeAtomic(
  fs: FsShim,
  target: string,
  bytes: Uint8Array,
  sleep: (ms: number) => Promise<void> = defaultSleep,
): Promise<void> {
  const temp = `${target}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  let created = false;
  try {
    const handle = await fs.open(temp, 'wx', 0o644);
    created = true;
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await fs.rename(temp, target);
        break;
      } catch (error: unknown) {
        const code = errorCode(error);
        // Windows refuses the rename while another process (antivirus, indexer) has the target open.
        if ((code !== 'EPERM' && code !== 'EBUSY') || attempt >= RENAME_RETRIES) throw error;
        const base = 50 * 2 ** attempt;
        await sleep(base + Math.floor(Math.random() * base));
      }
    }
    created = false;
  } catch (error: unknown) {
    if (created) await fs.unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(fs, nodePath.dirname(target));
}

/** Makes a rename durable. Some platforms cannot open or fsync a folder; that is not an error. */
export async function syncDirectory(fs: FsShim, dir: string): Promise<void> {
  let handle: FileHandleLike | undefined;
  try {
    handle = await fs.open(dir, 'r');
    await handle.sync();
  } catch (error: unknown) {
    const code = errorCode(error);
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'EACCES' && code !== 'EBADF')
      throw error;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function errorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string')
    return error.code;
  return undefined;
}

export function describeFsError(error: unknown): string {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.startsWith(code) ? `${code}: ${message}` : message;
}
