/**
 * `node dist/config/check.js [file] [--flavor X]`: loads a configuration the way the server
 * does (same environment variables) and prints the normalized result, or the error (exit 1).
 */
import { Command } from 'commander';
import { loadConfig } from './load';

export function runConfigCheck(argv: readonly string[], env: NodeJS.ProcessEnv): number {
  const program = new Command()
    .name('config-check')
    .description('Validate a Janus configuration file and print the normalized configuration')
    .argument('[file]', 'config file (default: $DOCKER_REGISTRY_CONFIG, then config_sample.yml)')
    .option('-f, --flavor <flavor>', 'docker-registry flavor (default: $SETTINGS_FLAVOR, then dev)')
    .exitOverride();
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    return (error as { exitCode?: number }).exitCode ?? 1;
  }
  const file = program.args[0];
  const { flavor } = program.opts<{ flavor?: string }>();
  try {
    const { config, notices } = loadConfig({ file, flavor, env });
    for (const notice of notices) process.stderr.write(`${notice.level}: ${notice.message}\n`);
    process.stdout.write(`${JSON.stringify(config, null, 2)}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`error: ${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  process.exitCode = runConfigCheck(process.argv.slice(2), process.env);
}
