export type KeyPath = readonly (string | number)[];

/** `mirroring.source`, `cors.headers[0]` */
export function formatKeyPath(path: KeyPath): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? part : `.${part}`;
  }
  return text;
}

/**
 * Where values came from when not written literally in the file (`_env:AWS_BUCKET`,
 * `REGISTRY_HTTP_ADDR`), so error messages can point at the environment variable.
 */
export class ValueOrigins {
  private readonly origins = new Map<string, string>();

  record(path: KeyPath, origin: string): void {
    this.origins.set(formatKeyPath(path), origin);
  }

  /** The origin of `path` or of its nearest ancestor that has one. */
  find(path: KeyPath): string | undefined {
    for (let length = path.length; length > 0; length--) {
      const origin = this.origins.get(formatKeyPath(path.slice(0, length)));
      if (origin !== undefined) return origin;
    }
    return undefined;
  }
}
