/** Storage-level errors. None of them knows about HTTP: the registry model translates them. */

export class StorageError extends Error {
  constructor(message: string, readonly driverName?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class PathNotFoundError extends StorageError {
  constructor(readonly path: string, driverName?: string) {
    super(`path not found: ${path}`, driverName);
  }
}

export class InvalidPathError extends StorageError {
  constructor(readonly path: string, driverName?: string) {
    super(`invalid path: ${JSON.stringify(path)}`, driverName);
  }
}

export class InvalidOffsetError extends StorageError {
  constructor(readonly path: string, readonly offset: number, driverName?: string) {
    super(`invalid offset ${offset} for ${path}`, driverName);
  }
}

export class UnsupportedMethodError extends StorageError {
  constructor(readonly method: string, driverName?: string) {
    super(`${driverName ?? 'driver'}: unsupported method ${method}`, driverName);
  }
}

/** anything else a backend threw, with the driver's name stamped on it */
export class StorageDriverError extends StorageError {
  constructor(driverName: string, cause: unknown) {
    super(`${driverName}: ${cause instanceof Error ? cause.message : String(cause)}`, driverName, { cause });
  }
}
