/** A blob GET by curl to /dev/null: a C client, so the 2 shared cores go mostly to the server. */
import { runCommand } from './run-command';

export interface Download {
  readonly bytes: number;
  /** curl's own time_total (spawn excluded) */
  readonly seconds: number;
}

export async function curlDownload(url: string): Promise<Download> {
  const { stdout } = await runCommand('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code} %{size_download} %{time_total}', url], { timeoutMs: 120_000 });
  const [status, bytes, seconds] = stdout.trim().split(/\s+/);
  if (status !== '200') throw new Error(`curl GET ${url}: HTTP ${status}`);
  return { bytes: Number(bytes), seconds: Number(seconds) };
}
