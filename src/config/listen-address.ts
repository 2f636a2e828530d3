import type { Environment } from './env-references';

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** docker-registry's launcher (run.py) defaults. */
export const DEFAULT_LISTEN: ListenAddress = { host: '0.0.0.0', port: 5000 };

function parsePort(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}

/** distribution `http.addr`: `:5000`, `host:5000`, `[::1]:5000`. Throws with the reason. */
export function parseHttpAddr(addr: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):([^:]+)$/.exec(addr.trim());
  const port = match ? parsePort(match[3] as string) : undefined;
  if (!match || port === undefined) {
    throw new Error(`"${addr}" is not a listen address (expected ":5000", "host:5000" or "[::1]:5000")`);
  }
  const host = match[1] ?? match[2] ?? '';
  return { host: host === '' ? DEFAULT_LISTEN.host : host, port };
}

/** `REGISTRY_HOST` / `REGISTRY_PORT` win over the file, as with docker-registry's launcher. */
export function applyListenEnvironment(base: ListenAddress, env: Environment): ListenAddress {
  const host = env.REGISTRY_HOST?.trim();
  const portText = env.REGISTRY_PORT?.trim();
  let port = base.port;
  if (portText) {
    const parsed = parsePort(portText);
    if (parsed === undefined) {
      const hint = portText.includes('://')
        ? ' (this looks like a Kubernetes service link for a service named "registry"; rename the service or set enableServiceLinks: false)'
        : '';
      throw new Error(`REGISTRY_PORT must be a port number 0-65535, got ${JSON.stringify(portText)}${hint}`);
    }
    port = parsed;
  }
  return { host: host ? host : base.host, port };
}
