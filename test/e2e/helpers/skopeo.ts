/** skopeo, run in a private client sandbox, plain HTTP to the registry under test. */
import { createClientSandbox } from './client-sandbox';
import type { ClientSandbox } from './client-sandbox';
import { runCommand } from './run-command';
import type { CommandResult } from './run-command';

export interface SkopeoInspection {
  readonly Name: string;
  readonly Digest: string;
  readonly Architecture: string;
  readonly Os: string;
  readonly Layers: string[];
  readonly [key: string]: unknown;
}

export class Skopeo {
  private constructor(readonly sandbox: ClientSandbox) {}

  static async create(): Promise<Skopeo> {
    return new Skopeo(await createClientSandbox('skopeo'));
  }

  /** any skopeo command; the global flags pointing at the sandbox are added in front */
  run(args: readonly string[], timeoutMs?: number): Promise<CommandResult> {
    const globalFlags = ['--policy', this.sandbox.policyFile, '--registries.d', this.sandbox.registriesDir, '--tmpdir', this.sandbox.tmpDir];
    return runCommand('skopeo', [...globalFlags, ...args], { env: this.sandbox.env, timeoutMs });
  }

  /** copy between any transports (oci:, dir:, docker://); extra flags e.g. ['--format', 'v2s2'] or ['--all'] */
  copy(source: string, destination: string, flags: readonly string[] = []): Promise<CommandResult> {
    return this.run(['copy', '--quiet', '--src-tls-verify=false', '--dest-tls-verify=false', ...flags, source, destination]);
  }

  async inspect(reference: string): Promise<SkopeoInspection> {
    const { stdout } = await this.run(['inspect', '--tls-verify=false', reference]);
    return JSON.parse(stdout) as SkopeoInspection;
  }

  /** the manifest exactly as the registry serves it */
  async inspectRaw(reference: string): Promise<string> {
    return (await this.run(['inspect', '--raw', '--tls-verify=false', reference])).stdout;
  }

  /** the image config blob exactly as stored */
  async inspectConfigRaw(reference: string): Promise<string> {
    return (await this.run(['inspect', '--config', '--raw', '--tls-verify=false', reference])).stdout;
  }

  async listTags(repositoryReference: string): Promise<{ Repository: string; Tags: string[] }> {
    const { stdout } = await this.run(['list-tags', '--tls-verify=false', repositoryReference]);
    return JSON.parse(stdout) as { Repository: string; Tags: string[] };
  }

  delete(reference: string): Promise<CommandResult> {
    return this.run(['delete', '--tls-verify=false', reference]);
  }

  dispose(): Promise<void> {
    return this.sandbox.dispose();
  }
}
