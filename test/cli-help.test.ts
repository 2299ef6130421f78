// `--help` for every command ends with real examples, and the commands that talk to
// FinerWorks name the environment variables they read.

import { describe, expect, it } from 'vitest';
import { HELP_AFTER, nodeTooOld } from '../src/cli/help.js';
import pkg from '../package.json' with { type: 'json' };
import { ROOT, runCli } from './support/cli.js';

const COMMANDS = ['init', 'validate', 'plan', 'apply', 'import', 'drift', 'whoami', 'emulator', 'version'];
const CREDENTIAL_VARS = [
  'FINERWORKS_WEB_API_KEY',
  'FINERWORKS_APP_KEY',
  'FINERWORKS_ACCOUNT_KEY',
  'FINERWORKS_API_URL',
];

/** The example command lines in a help text. */
function examples(help: string): string[] {
  const after = help.split('\nExamples:\n')[1] ?? '';
  return after
    .split('\n\n')[0]!
    .split('\n')
    .filter((l) => l.trim() !== '');
}

describe('help', () => {
  it('every command has help text after its options, and no text is for a command that does not exist', () => {
    expect(Object.keys(HELP_AFTER).sort()).toEqual(['fwsync', ...COMMANDS].sort());
  });

  it.each(['', ...COMMANDS])('fwsync %s --help ends with two or three examples', async (command) => {
    const r = await runCli([...(command ? [command] : []), '--help'], { cwd: ROOT });
    expect(r.code).toBe(0);
    const lines = examples(r.stdout);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(3);
    for (const line of lines) {
      expect(line).toMatch(/^ {2}\S/); // indented under the heading
      expect(line).toMatch(/(^|\s)fwsync\b/); // a command line, not prose
    }
    if (command) expect(lines.some((l) => l.includes(`fwsync ${command}`))).toBe(true);
  });

  it.each(['apply', 'whoami', 'import', 'drift'])(
    'fwsync %s --help names the credential variables',
    async (command) => {
      const r = await runCli([command, '--help'], { cwd: ROOT });
      for (const name of CREDENTIAL_VARS) expect(r.stdout).toContain(name);
    },
  );

  it('the commands that need no credentials do not list them', async () => {
    const r = await runCli(['plan', '--help'], { cwd: ROOT });
    expect(r.stdout).not.toContain('FINERWORKS_APP_KEY');
  });
});

describe('an older Node.js', () => {
  it('is refused with the two ways to get a newer one; 22 and later run', () => {
    expect(pkg.engines.node).toBe('>=22');
    const message = nodeTooOld('v20.20.2');
    expect(message).toContain('fwsync needs Node.js 22 or newer; this is v20.20.2.');
    expect(message).toContain('nvm install 24');
    expect(message).toContain('npm install --save-dev node@24');
    expect(nodeTooOld('v18.0.0')).not.toBeNull();
    expect(nodeTooOld('v22.0.0')).toBeNull();
    expect(nodeTooOld('v24.21.0')).toBeNull();
    expect(nodeTooOld('v100.1.0')).toBeNull();
  });
});
