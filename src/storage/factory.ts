/**
 * Driver registry (distribution's driver/factory): drivers register a constructor under a name,
 * and createDriver builds one from free-form parameters, always behind the validating wrapper.
 */
import { withValidation } from './base';
import type { StorageDriver } from './driver';
import { builtinDrivers } from './drivers';
import { StorageError } from './errors';

export type DriverParameters = Readonly<Record<string, unknown>>;
export type DriverFactory = (params: DriverParameters) => StorageDriver;

const factories = new Map<string, DriverFactory>(Object.entries(builtinDrivers));

export function registerDriver(name: string, factory: DriverFactory): void {
  if (factories.has(name)) throw new StorageError(`storage driver "${name}" is already registered`);
  factories.set(name, factory);
}

export function registeredDrivers(): string[] {
  return [...factories.keys()].sort();
}

export function createDriver(name: string, params: DriverParameters = {}): StorageDriver {
  const factory = factories.get(name);
  if (!factory) {
    throw new StorageError(`unknown storage driver "${name}"; registered: ${registeredDrivers().join(', ')}`);
  }
  return withValidation(factory(params));
}
