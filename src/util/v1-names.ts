/**
 * The V1 view of repository names. V1 always has a namespace: a single-component model name
 * (`busybox`) is `library/busybox` on the V1 wire and in /v1/search, and V1's `library/x` is
 * the model's `x`. Names with a slash are the same in both views.
 */
export const V1_DEFAULT_NAMESPACE = 'library';

export function v1DisplayName(modelName: string): string {
  return modelName.includes('/') ? modelName : `${V1_DEFAULT_NAMESPACE}/${modelName}`;
}

export function modelNameFromV1(namespace: string, repository: string): string {
  return namespace === V1_DEFAULT_NAMESPACE ? repository : `${namespace}/${repository}`;
}

/**
 * Every model name shown under this display name: `library/busybox` is the model's `busybox`
 * and also a V2-pushed `library/busybox`.
 */
export function modelNamesForV1DisplayName(displayName: string): string[] {
  const slash = displayName.indexOf('/');
  if (slash < 0) return []; // never a display name
  const namespace = displayName.slice(0, slash);
  const repository = displayName.slice(slash + 1);
  const viaV1 = modelNameFromV1(namespace, repository);
  return viaV1 !== displayName && v1DisplayName(viaV1) === displayName ? [viaV1, displayName] : [displayName];
}
