// The options of each command, as commander hands them over (`optsWithGlobals`), typed.

export interface GlobalOptions {
  config?: string;
  C?: string;
  color: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

export type PlanFormat = 'text' | 'markdown' | 'json';
export type ApplyFormat = 'text' | 'json';

export interface PlanOptions extends GlobalOptions {
  format: PlanFormat;
  out?: string;
  detailedExitcode?: boolean;
  refresh?: boolean;
}

export interface ApplyOptions extends GlobalOptions {
  yes?: boolean;
  plan?: string;
  force?: boolean;
  verify?: boolean;
  refresh?: boolean;
  allowProductRemoval?: boolean;
  format: ApplyFormat;
}

export interface ImportOptions extends GlobalOptions {
  out: string;
  force?: boolean;
}

export interface DriftOptions extends GlobalOptions {
  format: PlanFormat;
}

export interface InitOptions extends GlobalOptions {
  force?: boolean;
  workflow: boolean;
}

export interface DoctorOptions extends GlobalOptions {
  format: PlanFormat;
  probeImage?: string;
  yes?: boolean;
  allowProductRemoval?: boolean;
}

export interface PullOptions extends GlobalOptions {
  guid: string[];
  field: string[];
  dryRun?: boolean;
  addNew?: string;
  force?: boolean;
}

export interface EmulatorOptions extends GlobalOptions {
  port: string;
  host: string;
  seed?: string;
  latencyMs: string;
  failureRate: string;
  maxBatchSize?: string;
  behaviour?: string[];
}

export interface CommandOptions {
  init: InitOptions;
  validate: GlobalOptions;
  plan: PlanOptions;
  apply: ApplyOptions;
  import: ImportOptions;
  drift: DriftOptions;
  pull: PullOptions;
  whoami: GlobalOptions;
  doctor: DoctorOptions;
  emulator: EmulatorOptions;
}

export type CommandName = keyof CommandOptions;

/** `--config` as the use cases take it. */
export function configPathOf(opts: GlobalOptions): { configPath?: string } {
  return typeof opts.config === 'string' ? { configPath: opts.config } : {};
}
