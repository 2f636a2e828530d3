/** The part of the registry model the search index follows: its events and two read methods. */
import type { RegistryModel } from '../registry/model';
import { isRegistryError } from '../errors/registry-error';
import { modelNamesForV1DisplayName } from '../util/v1-names';

export type RegistryModelView = Pick<RegistryModel, 'events' | 'listRepositories' | 'listTags'>;

/** false also when the repository does not exist (NAME_UNKNOWN) */
export async function repositoryHasTags(model: RegistryModelView, modelName: string): Promise<boolean> {
  try {
    return (await model.listTags(modelName, 1)).items.length > 0;
  } catch (error) {
    if (isRegistryError(error) && error.codeName === 'NAME_UNKNOWN') return false;
    throw error;
  }
}

/** whether any repository shown under this V1 display name has a tag */
export async function displayNameHasTags(model: RegistryModelView, displayName: string): Promise<boolean> {
  for (const modelName of modelNamesForV1DisplayName(displayName)) {
    if (await repositoryHasTags(model, modelName)) return true;
  }
  return false;
}
