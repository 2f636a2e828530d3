/** One plain HTTP GET on 127.0.0.1, resolving to the status code (or undefined when nothing answers). */
import { get } from 'node:http';

export function probeStatus(url: string, timeoutMs = 2_000): Promise<number | undefined> {
  return new Promise((resolve) => {
    const request = get(url, { timeout: timeoutMs }, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.once('timeout', () => request.destroy());
    request.once('error', () => resolve(undefined));
  });
}
