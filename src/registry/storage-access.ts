/** Small helpers over a storage driver that turn "not found" into undefined. */
import type { FileInfo, StorageDriver } from '../storage/driver';
import { PathNotFoundError } from '../storage/errors';

export async function readIfExists(driver: StorageDriver, path: string): Promise<Buffer | undefined> {
  try {
    return await driver.getContent(path);
  } catch (error) {
    if (error instanceof PathNotFoundError) return undefined;
    throw error;
  }
}

export async function statIfExists(driver: StorageDriver, path: string): Promise<FileInfo | undefined> {
  try {
    return await driver.stat(path);
  } catch (error) {
    if (error instanceof PathNotFoundError) return undefined;
    throw error;
  }
}

export async function listIfExists(driver: StorageDriver, path: string): Promise<string[]> {
  try {
    return await driver.list(path);
  } catch (error) {
    if (error instanceof PathNotFoundError) return [];
    throw error;
  }
}

export async function deleteIfExists(driver: StorageDriver, path: string): Promise<boolean> {
  try {
    await driver.delete(path);
    return true;
  } catch (error) {
    if (error instanceof PathNotFoundError) return false;
    throw error;
  }
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
