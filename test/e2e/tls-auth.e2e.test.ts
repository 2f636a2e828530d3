/**
 * TLS and htpasswd Basic auth served by Janus itself (no proxy in front), started from a
 * distribution-style config file, used by real podman and skopeo.
 */
import bcrypt from 'bcryptjs';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findFreePort } from './helpers/free-port';
import { describeWithTools } from './helpers/has-tool';
import { buildImage } from './helpers/images';
import { Podman } from './helpers/podman';
import { runCommand } from './helpers/run-command';
import { Skopeo } from './helpers/skopeo';
import { PROJECT_ROOT } from './helpers/start-janus';
import { makeTempDir, removeDir } from './helpers/temp-dir';

jest.setTimeout(120_000);

function get(url: string, authorization?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false, headers: authorization ? { Authorization: authorization } : {} }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describeWithTools(['openssl', 'podman', 'skopeo'])('TLS and Basic auth without a proxy', () => {
  let workDir: string;
  let child: ChildProcess;
  let host: string;
  let podman: Podman;
  let skopeo: Skopeo;

  beforeAll(async () => {
    workDir = await makeTempDir('janus-tls');
    await runCommand('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(workDir, 'key.pem'), '-out', join(workDir, 'cert.pem')]);
    await writeFile(join(workDir, 'htpasswd'), `alice:${bcrypt.hashSync('s3cret', 5)}\n`);
    const port = await findFreePort();
    host = `127.0.0.1:${port}`;
    await writeFile(
      join(workDir, 'config.yml'),
      [
        'version: 0.1',
        'log: {level: warn}',
        `storage: {filesystem: {rootdirectory: ${JSON.stringify(join(workDir, 'data'))}}, delete: {enabled: true}}`,
        `http: {addr: ${JSON.stringify(host)}, tls: {certificate: ${JSON.stringify(join(workDir, 'cert.pem'))}, key: ${JSON.stringify(join(workDir, 'key.pem'))}}}`,
        `auth: {htpasswd: {realm: "Janus TLS", path: ${JSON.stringify(join(workDir, 'htpasswd'))}}}`,
        '',
      ].join('\n'),
    );
    const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_REGISTRY_CONFIG: join(workDir, 'config.yml') };
    delete env.REGISTRY_HOST;
    delete env.REGISTRY_PORT;
    child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'main.js')], { env, stdio: 'ignore' });
    for (let i = 0; i < 100 && (await get(`https://${host}/v2/`).catch(() => 0)) !== 401; i++) await sleep(100);
    podman = await Podman.create();
    skopeo = await Skopeo.create();
  });

  afterAll(async () => {
    child?.kill('SIGTERM');
    await podman?.sandbox.dispose();
    await skopeo?.dispose();
    await removeDir(workDir);
  });

  test('https answers, and only with valid credentials', async () => {
    expect(await get(`https://${host}/v2/`)).toBe(401);
    expect(await get(`https://${host}/v2/`, 'Basic ' + Buffer.from('alice:wrong').toString('base64'))).toBe(401);
    expect(await get(`https://${host}/v2/`, 'Basic ' + Buffer.from('alice:s3cret').toString('base64'))).toBe(200);
    expect(await get(`https://${host}/v1/_ping`)).toBe(200);
  });

  test('podman logs in over TLS; a wrong password is refused', async () => {
    await expect(podman.run(['login', '--tls-verify=false', '-u', 'alice', '-p', 'wrong', host])).rejects.toThrow();
    await podman.run(['login', '--tls-verify=false', '-u', 'alice', '-p', 's3cret', host]);
  });

  test('skopeo pushes and pulls with credentials over TLS', async () => {
    const image = await buildImage(join(workDir, 'img'), { tag: '1', layers: 1, randomBytesPerLayer: 2048 });
    await skopeo.run(['copy', '--dest-tls-verify=false', '--dest-creds', 'alice:s3cret', image.reference, `docker://${host}/tls/hello:1`]);
    await expect(skopeo.run(['inspect', '--tls-verify=false', `docker://${host}/tls/hello:1`])).rejects.toThrow();
    await skopeo.run(['inspect', '--tls-verify=false', '--creds', 'alice:s3cret', `docker://${host}/tls/hello:1`]);
  });
});
