// The README's first command must stay true: `npm run demo` runs the main job end to end.
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.js';

describe('npm run demo (scripts/demo.mjs)', () => {
  it('validates, plans, applies and plans again on the emulator, every step with the expected exit code', async () => {
    const r = await execa(process.execPath, [path.join(ROOT, 'scripts', 'demo.mjs')], {
      cwd: ROOT,
      reject: false,
      env: { NO_COLOR: '1' },
    });
    expect(r.exitCode, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stderr).not.toMatch(/demo: expected exit code/);
    expect(r.stdout).toContain('Valid: 6 images in 2 files.');
    expect(r.stdout).toContain('Plan: 0 to update, 6 to adopt, 0 to forget, 0 unchanged.');
    expect(r.stdout).toMatch(
      /No changes against the last-applied state \(serial \d+\); the account was not read/,
    );
    expect(r.stdout).not.toContain('account matches');
    expect(r.stdout).toMatch(
      /~ update 5fd001ce-5db8-4e84-9010-e29499eadb3f .*\n\s+title: "Harbour at Dawn" → "Harbour at Dawn \(second edition\)"/,
    );
    expect(r.stdout).toContain('Apply complete: 1 applied');
    // The image with a product is refused first, then sent with the opt-in, naming the product.
    expect(r.stdout).toContain(
      '! refused 5fd001ce-5db8-4e84-9010-e29499eadb3f: not sent: the update would remove 1 virtual inventory product: AP1001P1 (Giclee print 8x10)',
    );
    expect(r.stdout).toContain('removed 1 virtual inventory product: AP1001P1 (Giclee print 8x10)');
  });
});

describe('the README', () => {
  it('starts with the two commands for a fresh machine, and both name real npm scripts', () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(readme.indexOf('```sh')).toBeLessThan(readme.indexOf('\n## '));
    const commands = firstBlock
      .split('\n')
      .filter(Boolean)
      .map((l) => l.replace(/\s+#.*$/, '').trim());
    expect(commands).toEqual(['npm ci && npm run demo', 'npm ci && npm test']);
    const scripts = (
      JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(Object.keys(scripts)).toEqual(expect.arrayContaining(['demo', 'test']));
    expect(readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')).toContain('npm test');
  });
});
