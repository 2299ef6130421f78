// `fwsync doctor`: the doctor use case → the report; with --probe-image, the question first.

import { EXIT, FwsyncError } from '../../errors.js';
import {
  renderDoctorJson,
  renderDoctorMarkdown,
  renderDoctorText,
  renderProbeIntro,
} from '../../render/doctor.js';
import { doctor } from '../../use-cases/doctor/doctor.js';
import type { ProbeIntro } from '../../use-cases/doctor/probe.js';
import type { Ports } from '../../use-cases/ports.js';
import type { Io } from '../io.js';
import { configPathOf, type DoctorOptions } from '../options.js';

export async function doctorCommand(
  opts: DoctorOptions,
  ports: Ports,
  io: Io,
  ask: (question: string) => Promise<string | null>,
): Promise<number> {
  const probeImage = opts.probeImage;
  const { report, cancelled } = await doctor(ports, {
    ...configPathOf(opts),
    ...(probeImage === undefined
      ? {}
      : {
          probe: {
            guid: probeImage,
            allowProductRemoval: opts.allowProductRemoval === true,
            confirm: (intro) => confirmProbe(intro, opts.yes === true, io, ask),
          },
        }),
  });
  if (cancelled) {
    io.err('Probe cancelled; nothing was changed.\n');
    return EXIT.error;
  }
  if (opts.format === 'json') io.out(renderDoctorJson(report));
  else if (opts.format === 'markdown') io.out(renderDoctorMarkdown(report));
  else io.out(renderDoctorText(report, { color: io.color }));
  return report.verdict === 'fail' ? EXIT.error : EXIT.ok;
}

async function confirmProbe(
  intro: ProbeIntro,
  yes: boolean,
  io: Io,
  ask: (question: string) => Promise<string | null>,
): Promise<boolean> {
  io.err(renderProbeIntro(intro));
  if (yes) return true;
  if (!io.isTty) {
    throw new FwsyncError('input', 'the probe needs confirmation, and there is no terminal to ask on', {
      hint: 'Run `fwsync doctor --probe-image GUID --yes` to probe without asking.',
    });
  }
  const answer = await ask('Change this image for the probe? Only "yes" is accepted: ');
  return answer?.trim() === 'yes';
}
