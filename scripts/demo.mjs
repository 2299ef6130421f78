// npm run demo: the main job of fwsync, end to end, on the built-in FinerWorks emulator.
// It copies the sample repository under fixtures/repos/sample to a temporary folder, starts
// `fwsync emulator` on a free port, and runs validate, plan, apply and plan again, saying
// what each step shows. Nothing in this checkout is modified.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'dist', 'cli.js');
const work = mkdtempSync(path.join(os.tmpdir(), 'fwsync-demo-'));
cpSync(path.join(root, 'fixtures', 'repos', 'sample'), work, { recursive: true });

const say = (text) => console.log(`\n\x1b[1m▶ ${text}\x1b[0m`);

function startEmulator() {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        cli,
        'emulator',
        '--port',
        '0',
        '--seed',
        path.join(root, 'fixtures', 'demo', 'seed.yaml'),
        '--latency-ms',
        '50',
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const env = {};
      for (const m of out.matchAll(/^export (FINERWORKS_[A-Z_]+)=(\S+)$/gm))
        env[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
      if (env.FINERWORKS_API_URL && env.FINERWORKS_WEB_API_KEY && env.FINERWORKS_APP_KEY)
        resolve({ child, env });
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`the emulator exited with code ${code}`)));
  });
}

let failures = 0;

/** Runs one step and checks its exit code, so the demo doubles as a smoke test. */
function fwsync(args, env, expected = 0) {
  console.log(`$ fwsync ${args.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: work,
      env: { ...process.env, ...env },
      stdio: 'inherit',
    });
    child.on('exit', (code) => {
      console.log(`(exit code ${code})`);
      if (code !== expected) {
        failures += 1;
        console.error(`demo: expected exit code ${expected} from \`fwsync ${args.join(' ')}\`, got ${code}`);
      }
      resolve(code);
    });
  });
}

const { child: emulator, env } = await startEmulator();
try {
  say(
    `The emulator serves a FinerWorks account at ${env.FINERWORKS_API_URL}; the repository is a copy in ${work}.`,
  );
  say('1. Validate the image files: every error would point at file:line:column.');
  await fwsync(['validate'], {});
  say('2. Plan: nothing has been applied yet, so every image is adopted (its live value is unknown).');
  await fwsync(['plan'], {});
  say(
    '3. Apply: fwsync first reads the images it will send. One of them has a virtual inventory product that an update would remove, so it is refused and named (exit code 4); the others go to PUT /v3/update_images in batches, and the state file records each confirmed batch.',
  );
  await fwsync(['apply', '--yes'], env, 4);
  say('3b. Opt in by name: --allow-product-removal sends it and lists the product it removes.');
  await fwsync(['apply', '--yes', '--allow-product-removal'], env);
  say(
    '4. Plan again: nothing changed since the last apply, so there is nothing to do (exit code 0 with --detailed-exitcode). This plan did not read the account; `plan --refresh` would.',
  );
  await fwsync(['plan', '--detailed-exitcode'], {});
  say('5. Edit one title in the YAML and plan: exactly that image is an update, with a field-level diff.');
  const file = path.join(work, 'images', 'landscapes.yaml');
  const text = readFileSync(file, 'utf8');
  const edited = text.replace(
    /title: (.*)/,
    (_m, title) => `title: ${title.replace(/["']?$/, (q) => ` (second edition)${q}`)}`,
  );
  writeFileSync(file, edited);
  await fwsync(['plan', '--detailed-exitcode'], {}, 2);
  say('6. Apply it: one request, one image.');
  await fwsync(['apply', '--yes'], env);
  say('Done. Try it yourself: `npx fwsync emulator` in one terminal, and the commands above in another.');
} finally {
  emulator.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = failures === 0 ? 0 : 1;
