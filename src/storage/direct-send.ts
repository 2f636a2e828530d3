/**
 * A reader may also offer to write its bytes straight into a destination stream, bypassing its
 * own Readable side. The filesystem driver does so to reuse a few buffers for a whole download:
 * a stream has to hand out a fresh buffer per chunk, since it cannot know when its consumer is
 * done with one, and on these machines the page faults of fresh 1–2 MiB buffers cost about a
 * third of a download's throughput. A consumer that writes the whole stream somewhere (an HTTP
 * response) uses the offer; every other consumer reads the stream as usual.
 */
import type { Readable, Writable } from 'node:stream';

const SEND_TO = Symbol('janus.storage.sendTo');

/**
 * writes every byte of the stream to `destination` without ending it; resolves once all were
 * written, rejects when reading fails or the destination fails or closes. The stream itself must
 * not be read, and is destroyed by the caller afterwards.
 */
export type DirectSend = (destination: Writable) => Promise<void>;

interface OfferingReadable extends Readable {
  [SEND_TO]?: DirectSend;
}

export function offerDirectSend<T extends Readable>(stream: T, send: DirectSend): T {
  (stream as OfferingReadable)[SEND_TO] = send;
  return stream;
}

export function directSendOf(stream: Readable): DirectSend | undefined {
  return (stream as OfferingReadable)[SEND_TO];
}
