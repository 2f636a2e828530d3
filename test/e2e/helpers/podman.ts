/** podman as root with vfs storage, cgroupfs and file events, all state in a private client sandbox. */
import { join } from 'node:path';
import { createClientSandbox } from './client-sandbox';
import type { ClientSandbox } from './client-sandbox';
import { runCommand } from './run-command';
import type { CommandResult } from './run-command';

export interface PodmanImage {
  readonly Id: string;
  readonly Digest: string;
  readonly RepoTags: string[];
  readonly Architecture: string;
  readonly Os: string;
  readonly RootFS: { readonly Type: string; readonly Layers: string[] };
  readonly [key: string]: unknown;
}

export class Podman {
  private constructor(readonly sandbox: ClientSandbox) {}

  static async create(): Promise<Podman> {
    return new Podman(await createClientSandbox('podman'));
  }

  run(args: readonly string[], options: { timeoutMs?: number; input?: string } = {}): Promise<CommandResult> {
    const globalFlags = [
      '--root', this.sandbox.storageRoot,
      '--runroot', this.sandbox.runRoot,
      '--tmpdir', join(this.sandbox.dir, 'libpod-tmp'),
      '--storage-driver', 'vfs',
      '--cgroup-manager', 'cgroupfs',
      '--events-backend', 'file',
    ];
    return runCommand('podman', [...globalFlags, ...args], { env: this.sandbox.env, ...options });
  }

  pull(reference: string): Promise<CommandResult> {
    return this.run(['pull', '--quiet', '--tls-verify=false', '--signature-policy', this.sandbox.policyFile, reference]);
  }

  /** push a local image; `format` is podman's --format (v2s2, oci, v2s1) */
  push(reference: string, format?: string): Promise<CommandResult> {
    const formatFlags = format ? ['--format', format] : [];
    return this.run(['push', '--quiet', '--tls-verify=false', '--signature-policy', this.sandbox.policyFile, ...formatFlags, reference]);
  }

  tag(source: string, target: string): Promise<CommandResult> {
    return this.run(['tag', source, target]);
  }

  /** removes every local image, so the next pull downloads all blobs again */
  async removeAllImages(): Promise<void> {
    await this.run(['rmi', '--all', '--force']);
  }

  async inspectImage(reference: string): Promise<PodmanImage> {
    const { stdout } = await this.run(['image', 'inspect', reference]);
    const [image] = JSON.parse(stdout) as PodmanImage[];
    return image;
  }

  login(host: string, username: string, password: string): Promise<CommandResult> {
    return this.run(['login', '--tls-verify=false', '--username', username, '--password-stdin', host], { input: password });
  }

  logout(host: string): Promise<CommandResult> {
    return this.run(['logout', host]);
  }

  dispose(): Promise<void> {
    return this.sandbox.dispose();
  }
}
