import { createRequire as __fwsyncCreateRequire } from 'node:module'; const require = __fwsyncCreateRequire(import.meta.url);

// src/adapters/git.ts
var SHA = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
async function git(cwd, args) {
  try {
    const { execa } = await import("./execa-6QPPIJOE.js");
    const r = await execa("git", args, {
      cwd,
      reject: false,
      stdin: "ignore",
      timeout: 1e4,
      // A prompt (credentials, pager) must never block an apply.
      env: { GIT_TERMINAL_PROMPT: "0", GIT_PAGER: "cat", GIT_OPTIONAL_LOCKS: "0" }
    });
    if (r.failed || r.exitCode !== 0) return null;
    return r.stdout.trim();
  } catch {
    return null;
  }
}
async function headCommit(cwd) {
  const out = await git(cwd, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"]);
  return out !== null && SHA.test(out) ? out : null;
}
async function isGitRepo(cwd) {
  return await git(cwd, ["rev-parse", "--is-inside-work-tree"]) === "true";
}

export {
  headCommit,
  isGitRepo
};
