import type { DeployConfig } from '../config/sections/deploy';
import { readKeyFile } from '../core/key-file';
import { remoteScript } from '../ssh/shell-quote';
import { SshSession, type ExecResult, type SshClientOptions, type SshHost } from '../ssh/ssh-session';
import type { PackageDoc } from '../packages/package.model';
import type { DeploymentDoc, TargetState } from './deployment.model';

/** How one target ended. */
export interface TargetOutcome {
  state: Exclude<TargetState, 'pending' | 'running' | 'skipped'>;
  exitCode?: number | null;
  error?: string;
  output?: string;
}

/**
 * The SSH client settings from config, with the private key read from its file (OPSDESK_SSH_KEY_FILE
 * wins). A key file that others may read, or that another user owns, is refused (CONFIG, with the fix).
 */
export async function sshOptions(
  config: DeployConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<SshClientOptions> {
  const file = env.OPSDESK_SSH_KEY_FILE ?? config.ssh.privateKeyFile;
  if (!file) throw new Error('no SSH private key is configured: set deploy.ssh.privateKeyFile or OPSDESK_SSH_KEY_FILE');
  const privateKey = await readKeyFile(file, 'the SSH private key');
  return {
    privateKey,
    passphrase: env.OPSDESK_SSH_KEY_PASSPHRASE,
    connectTimeoutMs: config.ssh.connectTimeoutMs,
    keepaliveIntervalMs: config.ssh.keepaliveIntervalMs,
    keepaliveCountMax: config.ssh.keepaliveCountMax,
    maxSessions: config.ssh.maxSessions,
    outputBytes: config.outputBytes,
  };
}

function outcomeOf(r: ExecResult): TargetOutcome {
  if (r.kind === 'timed-out')
    return { state: 'timed-out', error: `no exit within ${Math.round(r.durationMs / 1000)} s`, output: r.output };
  if (r.kind === 'lost')
    return {
      state: 'failed',
      exitCode: null,
      error: `connection lost while the script ran: ${r.error}`,
      output: r.output,
    };
  if (r.exitCode === 0) return { state: 'succeeded', exitCode: 0, output: r.output };
  return {
    state: 'failed',
    exitCode: r.exitCode,
    error: r.signal ? `killed by ${r.signal}` : `exit code ${r.exitCode}`,
    output: r.output,
  };
}

export interface HostScript {
  script: string;
  /** Run first; exit 0 means the change is already in place and `script` is not run. */
  check?: string;
  env: Record<string, string>;
  timeoutMs: number;
}

/**
 * Runs one signed script on one host: connect (host key pinned), optional check, the script. Script
 * and environment values go over the channel's stdin; the remote command line is fixed text.
 */
export async function runOnHost(host: SshHost, job: HostScript, opts: SshClientOptions): Promise<TargetOutcome> {
  const opened = await SshSession.open(host, opts);
  if (!opened.ok) {
    const state = opened.failure.kind === 'host-key-mismatch' ? 'host-key-mismatch' : 'unreachable';
    return { state, error: opened.failure.error };
  }
  const session = opened.session;
  try {
    if (job.check !== undefined) {
      const check = remoteScript(job.check, { ...job.env, OPSDESK_ACTION: 'check' });
      const checked = await session.exec(check.command, job.timeoutMs, check.input);
      if (checked.kind === 'exited' && checked.exitCode === 0)
        return { state: 'succeeded', exitCode: 0, output: `(check script: already in place)\n${checked.output}` };
    }
    const run = remoteScript(job.script, job.env);
    return outcomeOf(await session.exec(run.command, job.timeoutMs, run.input));
  } finally {
    session.close();
  }
}

/** Parameters the script sees as environment values (never spliced into the script). */
export function targetEnv(
  d: Pick<DeploymentDoc, 'rfcKey' | 'package' | 'script'>,
  host: string,
): Record<string, string> {
  return {
    OPSDESK_HOST: host,
    OPSDESK_RFC: d.rfcKey ?? '',
    OPSDESK_PACKAGE: d.package.name,
    OPSDESK_VERSION: d.package.version,
    OPSDESK_ACTION: d.script,
  };
}

export function scriptTimeoutMs(pkg: Pick<PackageDoc, 'timeoutSeconds'>, configMs: number): number {
  return pkg.timeoutSeconds ? Math.min(pkg.timeoutSeconds * 1000, configMs) : configMs;
}
