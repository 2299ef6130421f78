// argv → commander → runCommand → exit code. `main` takes the terminal it runs on, so tests can
// run the CLI in-process; src/cli.ts builds the real one.

import { Command, CommanderError, Option } from 'commander';
import { VERSION } from '../version.js';
import { DOCTOR_HELP, HELP_AFTER } from './help.js';
import type { Ports } from '../use-cases/ports.js';
import type { CommandName, CommandOptions } from './options.js';
import type { Terminal } from './terminal.js';

const FORMATS_PLAN = ['text', 'markdown', 'json'] as const;
const FORMATS_APPLY = ['text', 'json'] as const;

type Run = <N extends CommandName>(name: N, opts: CommandOptions[N]) => Promise<void>;

function buildProgram(run: Run, terminal: Terminal): Command {
  const program = new Command('fwsync')
    // Before the subcommands are added: they copy these settings when created.
    .configureOutput({ writeOut: (s) => terminal.stdout(s), writeErr: (s) => terminal.stderr(s) })
    .description('Keep FinerWorks image metadata in YAML files and make the account match them.')
    .version(VERSION, '-V, --version', 'print the version (also -v, fwsync version)')
    .addOption(new Option('-v', 'print the version').hideHelp())
    .option('--config <file>', 'config file (default: fwsync.config.yaml if present)')
    .option('-C <dir>', 'run as if started in <dir>')
    .option('--no-color', 'never use colour (also NO_COLOR)')
    .option('--quiet', 'print only errors and the result')
    .option('--verbose', 'print more detail about what is happening')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  const action =
    <N extends CommandName>(name: N) =>
    async (_opts: unknown, cmd: Command): Promise<void> => {
      await run(name, cmd.optsWithGlobals<CommandOptions[N]>());
    };

  // -v as well as -V: users try both, and fwsync has no -v for verbose to clash with.
  program.on('option:v', () => {
    terminal.stdout(`${VERSION}\n`);
    throw new CommanderError(0, 'commander.version', VERSION);
  });
  program
    .command('version')
    .description('print the version')
    .action(() => {
      terminal.stdout(`${VERSION}\n`);
    });

  program
    .command('init')
    .description('set up this folder: fwsync.config.yaml, .gitignore lines, the workflow, images/')
    .option('--force', 'replace the files init writes when they exist (.gitignore is only appended to)')
    .option('--no-workflow', 'do not write .github/workflows/fwsync.yml')
    .action(action('init'));

  program
    .command('validate')
    .description('check the image files and the config; exit 0 when valid, 1 when not')
    .action(action('validate'));

  program
    .command('plan')
    .description('show what apply would change (a dry run; needs no credentials unless --refresh)')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS_PLAN).default('text'))
    .option('--out <file>', 'also save the plan as JSON, for apply --plan')
    .option('--detailed-exitcode', 'exit 2 when there are changes, 0 when there are none')
    .option('--refresh', 'read the live values from FinerWorks first (needs credentials)')
    .action(action('plan'));

  program
    .command('apply')
    .description('send the changed images to FinerWorks and record them in the state file')
    .option('--yes', 'do not ask for confirmation (required without a terminal)')
    .option('--plan <file>', 'apply exactly this saved plan; refuse if anything moved since')
    .option('--force', 'apply even when the plan exceeds the safety limit')
    .option('--verify', 'read the sent images back and report fields the API did not store')
    .option('--refresh', 'read the live values from FinerWorks before planning')
    .option(
      '--allow-product-removal',
      'also send images that have virtual inventory products (the update removes them; each is named)',
    )
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS_APPLY).default('text'))
    .action(action('apply'));

  program
    .command('import')
    .description('write YAML and a matching state from the images on the account')
    .option('--out <file>', 'the YAML file to write', 'images/imported.yaml')
    .option('--force', 'update an existing image file in place and replace the state')
    .action(action('import'));

  program
    .command('drift')
    .description('compare the live account with the state and the YAML; exit 2 when they differ')
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS_PLAN).default('text'))
    .action(action('drift'));

  program
    .command('pull')
    .description('write the live edits of managed images into the YAML files in place; exit 2 on conflicts')
    .option('--guid <guid>', 'only this image (repeatable)', collect, [])
    .option('--field <field>', 'only this field, e.g. title (repeatable)', collect, [])
    .option('--dry-run', 'print the diff of the YAML files it would write; write nothing')
    .option('--add-new <file>', 'also append the live images no YAML file holds to this file')
    .option('--force', 'edit files that have uncommitted changes')
    .action(action('pull'));

  program
    .command('whoami')
    .description('check the credentials and print the account name')
    .action(action('whoami'));

  program
    .command('doctor')
    .description(
      'check the keys, host, library and state against the account; --probe-image also measures how the API behaves',
    )
    .addOption(new Option('--format <format>', 'output format').choices(FORMATS_PLAN).default('text'))
    .option(
      '--probe-image <guid>',
      'experiment on this throw-away image (its values are restored afterwards)',
    )
    .option('--yes', 'do not ask before changing the probe image (required without a terminal)')
    .option(
      '--allow-product-removal',
      'probe an image that has virtual inventory products (they may be removed)',
    )
    .action(action('doctor'));

  program
    .command('emulator')
    .description('serve the local FinerWorks emulator (for demos and tests)')
    .option('--port <n>', 'port to listen on (0 = any free port)', '8787')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--seed <file>', 'JSON or YAML file with the images to start with')
    .option('--latency-ms <n>', 'delay every answer by this many milliseconds', '0')
    .option('--failure-rate <r>', 'answer this share of requests (0..1) with HTTP 503', '0')
    .option('--max-batch-size <n>', 'reject update_images requests with more images')
    .option(
      '--behaviour <key=value>',
      'answer an open API question this way, e.g. partial=clear (repeatable; see docs/emulator.md)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .action(action('emulator'));

  program.addHelpText('after', HELP_AFTER.fwsync ?? '');
  for (const cmd of program.commands)
    cmd.addHelpText('after', cmd.name() === 'doctor' ? DOCTOR_HELP : (HELP_AFTER[cmd.name()] ?? ''));
  return program;
}

/** Commander's way of taking an option more than once. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export interface MainOptions {
  /** Replaces ports of the run: tests shorten the lock's heartbeat this way. */
  ports?: (ports: Ports) => Ports;
}

export async function main(argv: string[], terminal: Terminal, options: MainOptions = {}): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(async (name, opts) => {
    const { runCommand } = await import('./run-command.js');
    exitCode = await runCommand(name, opts, terminal, options.ports);
  }, terminal);
  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors with 1.
      return error.exitCode === 0 ? 0 : 1;
    }
    throw error;
  }
  return exitCode;
}
