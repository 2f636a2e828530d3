/**
 * Repository paths of V1 URLs, parsed as docker-registry did: strip a trailing '/', split on the
 * first '/', default namespace `library` — so `busybox` and `library/busybox` are one repository.
 */
import { RegistryError } from '../errors/registry-error';
import { isValidRepositoryName } from '../util/reference';
import { modelNameFromV1, V1_DEFAULT_NAMESPACE } from '../util/v1-names';

export interface V1Repository {
  /** the model's repository name */
  readonly name: string;
  /** "ns/repo" as V1 shows it (tokens, search) */
  readonly display: string;
}

export function parseV1Repository(path: string): V1Repository {
  const trimmed = path.replace(/\/+$/, '');
  const slash = trimmed.indexOf('/');
  const namespace = slash < 0 ? V1_DEFAULT_NAMESPACE : trimmed.slice(0, slash);
  const repository = slash < 0 ? trimmed : trimmed.slice(slash + 1);
  const name = modelNameFromV1(namespace, repository);
  if (!isValidRepositoryName(name) || namespace === '' || repository === '') {
    throw new RegistryError('NAME_INVALID', undefined, { name: trimmed });
  }
  return { name, display: `${namespace}/${repository}` };
}
