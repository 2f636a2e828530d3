/**
 * Domain events of the registry model. Derived data (the search index) follows them; handlers
 * never call such consumers directly.
 */
import { EventEmitter } from 'node:events';

export interface RegistryEventMap {
  'repository.created': [{ repository: string }];
  'repository.deleted': [{ repository: string }];
  'tag.set': [{ repository: string; tag: string; digest: string }];
  'tag.deleted': [{ repository: string; tag: string }];
  'manifest.pushed': [{ repository: string; digest: string; mediaType: string }];
  'manifest.deleted': [{ repository: string; digest: string }];
}

export type RegistryEventName = keyof RegistryEventMap;

export class RegistryEvents {
  private readonly emitter = new EventEmitter();

  on<E extends RegistryEventName>(event: E, listener: (...args: RegistryEventMap[E]) => void): () => void {
    const wrapped = listener as (...args: unknown[]) => void;
    this.emitter.on(event, wrapped);
    return () => this.emitter.off(event, wrapped);
  }

  emit<E extends RegistryEventName>(event: E, ...args: RegistryEventMap[E]): void {
    this.emitter.emit(event, ...args);
  }
}
