import { startTestRegistry } from '../../helpers/test-registry';
import { V1Client } from '../helpers/v1-client';
import { buildImageChain } from '../helpers/v1-images';
test('probe', async () => {
  const r = await startTestRegistry();
  const images = await buildImageChain({ length: 3, format: 'xz' });
  for (const v of ['docker-0.8', 'docker-1.3', 'docker-1.5', 'docker-1.9'] as const) {
    const c = new V1Client(r.url, v);
    try { console.log(v, await c.push(`p/${v}`, images)); } catch (e) { console.log(v, 'ERR', e); }
    console.log(c.requests.map((q) => `${q.method} ${q.path} ${q.status}`).join('\n'));
  }
  await r.stop();
});
