/** Drivers docker-registry or distribution offered that Janus does not implement. */
const UNSUPPORTED_DRIVERS = new Set(['glance', 'elliptics', 'alioss', 'oss', 'azureblob', 'azure', 'gcs', 'gs']);

export function storageDriverError(driver: string, supported: string): string {
  return UNSUPPORTED_DRIVERS.has(driver.toLowerCase())
    ? `storage driver ${driver} is not supported by Janus; supported: ${supported}`
    : `unknown storage driver "${driver}"; supported: ${supported}`;
}

/** Object-store prefixes are kept without leading or trailing slashes. */
export function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}
