// The command-line glue of `fwsync doctor`: options → the doctor use case → the report.

import { createInterface } from 'node:readline/promises';
import { nodeDoctorFiles } from './adapters/doctor-files.js';
import { nodePorts } from './adapters/node-ports.js';
import { EXIT, FwsyncError } from './errors.js';
import { renderDoctorJson, renderDoctorMarkdown, renderDoctorText } from './render/doctor.js';
import { visible } from './render/text.js';
import type { LiveIo } from './run-cli-live.js';
import type { Deps } from './run.js';
import { doctor } from './use-cases/doctor/doctor.js';
import type { ProbeIntro } from './use-cases/doctor/probe.js';

type Options = Record<string, unknown>;

export async function doctorCommand(opts: Options, deps: Deps, io: LiveIo): Promise<number> {
  const ports = {
    ...nodePorts({
      cwd: deps.cwd,
      env: deps.env,
      signal: deps.signal,
      log: deps.log,
      now: deps.now,
      ...(deps.fetch ? { fetch: deps.fetch } : {}),
    }),
    doctorFiles: nodeDoctorFiles,
  };
  const probeImage = typeof opts.probeImage === 'string' ? opts.probeImage : undefined;
  const { report, cancelled } = await doctor(ports, {
    ...(typeof opts.config === 'string' ? { configPath: opts.config } : {}),
    ...(probeImage === undefined
      ? {}
      : {
          probe: {
            guid: probeImage,
            allowProductRemoval: opts.allowProductRemoval === true,
            confirm: (intro) => confirmProbe(intro, opts.yes === true, io),
          },
        }),
  });
  if (cancelled) {
    io.err('Probe cancelled; nothing was changed.\n');
    return EXIT.ok;
  }
  const format = typeof opts.format === 'string' ? opts.format : 'text';
  if (format === 'json') io.out(renderDoctorJson(report));
  else if (format === 'markdown') io.out(renderDoctorMarkdown(report));
  else io.out(renderDoctorText(report, { color: io.color }));
  return report.verdict === 'fail' ? EXIT.error : EXIT.ok;
}

async function confirmProbe(intro: ProbeIntro, yes: boolean, io: LiveIo): Promise<boolean> {
  io.err(
    [
      `The probe changes image ${intro.guid} ("${visible(intro.title)}") in library "${intro.library}" at ${intro.baseUrl}:`,
      '  it sends test titles and descriptions, flips visible, sends an unknown guid and ever bigger',
      '  batches, then puts the original values back (kept in the doctor journal until then).',
      '  Use a throw-away image: people may see the test values while the probe runs.',
      intro.products > 0
        ? `  It has ${intro.products} virtual inventory product(s): an update may remove them, and fwsync cannot restore them.`
        : '',
      '',
    ]
      .filter((l, i, all) => l !== '' || i === all.length - 1)
      .join('\n'),
  );
  if (yes) return true;
  if (!io.isTty) {
    throw new FwsyncError('input', 'the probe needs confirmation, and there is no terminal to ask on', {
      hint: 'Run `fwsync doctor --probe-image GUID --yes` to probe without asking.',
    });
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await rl.question('Change this image for the probe? Only "yes" is accepted: ');
    return answer.trim() === 'yes';
  } catch {
    return false;
  } finally {
    rl.close();
  }
}
