#!/usr/bin/env node
/**
 * janus: maintenance commands.
 *   janus migrate   copy a docker-registry 0.6–0.9 store into Janus's native store
 *   janus verify    check a store (legacy and native) without changing it
 * Both read the same configuration as the server (DOCKER_REGISTRY_CONFIG, SETTINGS_FLAVOR, or
 * --config/--flavor); migrate can write into another storage with --to-config/--to-flavor.
 */
import { SingleBar, Presets } from 'cli-progress';
import { Command } from 'commander';
import { loadConfig, type JanusConfig } from './config';
import { migrateLegacyStore, type MigrationProgress, type MigrationReport } from './registry/legacy-store/migration';
import { createRegistryModel } from './registry/model';
import { verifyNativeBlobs } from './registry/native-verification';
import { createStorageDriver } from './storage/from-config';

function configFrom(options: { config?: string; flavor?: string }): JanusConfig {
  return loadConfig({ file: options.config ?? process.env.DOCKER_REGISTRY_CONFIG, flavor: options.flavor ?? process.env.SETTINGS_FLAVOR, env: process.env }).config;
}

function progressBar(enabled: boolean): MigrationProgress & { stop(): void } {
  const bar = new SingleBar(
    { format: '{bar} {percentage}% | {value}/{total} MiB | images {images} | ETA {eta_formatted}', stream: process.stderr, hideCursor: true },
    Presets.shades_classic,
  );
  let images = 0;
  let totalImages = 0;
  return {
    start(totals) {
      totalImages = totals.images;
      if (enabled) bar.start(Math.max(1, Math.ceil(totals.bytes / 1048576)), 0, { images: `0/${totalImages}` });
    },
    image(_id, bytes) {
      images++;
      if (enabled) bar.increment(bytes / 1048576, { images: `${images}/${totalImages}` });
    },
    tag() {},
    stop() {
      if (enabled) bar.stop();
    },
  };
}

function printReport(report: MigrationReport, seconds: number, asJson: boolean): void {
  if (asJson) {
    process.stdout.write(JSON.stringify({ ...report, seconds }, null, 2) + '\n');
    return;
  }
  const mib = report.bytes / 1048576;
  const lines = [
    `images: ${report.images.migrated} migrated, ${report.images.skipped} already there, ${report.images.broken.length} broken`,
    `tags:   ${report.tags.migrated} migrated, ${report.tags.broken.length} skipped`,
    `bytes:  ${mib.toFixed(1)} MiB in ${seconds.toFixed(1)} s (${(mib / Math.max(seconds, 0.001)).toFixed(1)} MiB/s)`,
    ...report.repositories.skipped.map((r) => `  skipped repository ${r.name}: ${r.reason}`),
    ...report.images.broken.map((b) => `  broken image ${b.id}: ${b.reason}`),
    ...report.tags.broken.map((b) => `  skipped tag ${b.repository}:${b.tag}: ${b.reason}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

const program = new Command('janus').description('Janus registry maintenance');

program
  .command('migrate')
  .description('copy a docker-registry 0.6–0.9 store (storage_path) into the native store; idempotent and resumable')
  .option('--config <file>', 'configuration of the store to read (default: DOCKER_REGISTRY_CONFIG)')
  .option('--flavor <name>', 'its flavor (default: SETTINGS_FLAVOR or dev)')
  .option('--to-config <file>', 'configuration of the storage to write (default: the same storage)')
  .option('--to-flavor <name>', 'its flavor')
  .option('--dry-run', 'read and verify everything, write nothing')
  .option('--json', 'print the report as JSON')
  .option('--no-progress', 'no progress bar')
  .action(async (options: { config?: string; flavor?: string; toConfig?: string; toFlavor?: string; dryRun?: boolean; json?: boolean; progress: boolean }) => {
    const source = configFrom(options);
    const target = options.toConfig ? configFrom({ config: options.toConfig, flavor: options.toFlavor }) : source;
    const sourceDriver = createStorageDriver(source.storage);
    const targetDriver = target === source ? sourceDriver : createStorageDriver(target.storage);
    const model = createRegistryModel(targetDriver, {
      deleteEnabled: true,
      schema1SigningKeyFile: target.schema1.signingKeyFile,
      v1Platform: target.v1.platform,
    });
    const progress = progressBar(options.progress && process.stderr.isTTY === true);
    const started = Date.now();
    const report = await migrateLegacyStore(sourceDriver, model, { dryRun: options.dryRun, progress });
    progress.stop();
    printReport(report, (Date.now() - started) / 1000, options.json === true);
  });

program
  .command('verify')
  .description('check a store without changing it: legacy layers against their checksums, native blobs against their digests')
  .option('--config <file>', 'configuration (default: DOCKER_REGISTRY_CONFIG)')
  .option('--flavor <name>', 'flavor (default: SETTINGS_FLAVOR or dev)')
  .option('--json', 'print the report as JSON')
  .action(async (options: { config?: string; flavor?: string; json?: boolean }) => {
    const config = configFrom(options);
    const driver = createStorageDriver(config.storage);
    const started = Date.now();
    const legacy = await migrateLegacyStore(driver, createRegistryModel(driver, { deleteEnabled: false }), { dryRun: true });
    const native = await verifyNativeBlobs(driver);
    const seconds = (Date.now() - started) / 1000;
    if (options.json) process.stdout.write(JSON.stringify({ legacy, native, seconds }, null, 2) + '\n');
    else {
      printReport(legacy, seconds, false);
      process.stdout.write(`native blobs: ${native.blobs} checked, ${native.corrupt.length} corrupt${native.corrupt.map((d) => `\n  corrupt ${d}`).join('')}\n`);
    }
    if (legacy.images.broken.length > 0 || native.corrupt.length > 0) process.exitCode = 1;
  });

program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`janus: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
