/**
 * The xz-embedded decoder compiled to WebAssembly, taken from the xz-decompress package (no
 * native code). Its JS glue serialises every decoder in the process behind one mutex, so this
 * drives the module's exports directly: one instance (own memory) per stream, compiled once.
 * Exports used: create_context, destroy_context, supply_input, get_next_output; the context
 * holds u32 words [bufSize, inPtr, inPos, inSize, outPtr, outPos].
 */
import { readFileSync } from 'node:fs';

export const XZ_OK = 0;
export const XZ_STREAM_END = 1;

const XZ_ERRORS: Record<number, string> = {
  2: 'unsupported integrity check',
  3: 'out of memory',
  4: 'memory limit reached',
  5: 'not an xz stream',
  6: 'unsupported xz options (e.g. a SHA-256 check or a filter xz-embedded lacks)',
  7: 'corrupt xz data',
  8: 'truncated xz data',
};

export function describeXzError(code: number): string {
  return XZ_ERRORS[code] ?? `xz error ${code}`;
}

/** the slice of the WebAssembly API used here (tsconfig's lib has no WebAssembly types) */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface XzExports {
  memory: { buffer: ArrayBuffer };
  create_context(): number;
  destroy_context(context: number): void;
  supply_input(context: number, length: number): void;
  get_next_output(context: number): number;
}

let compiled: object | undefined;

function xzModule(): object {
  if (!compiled) {
    const bundle = readFileSync(require.resolve('xz-decompress'), 'utf8');
    const match = /data:application\/wasm;base64,([A-Za-z0-9+/=]+)/.exec(bundle);
    if (!match) throw new Error('xz-decompress: embedded WebAssembly module not found');
    compiled = new wasm.Module(Buffer.from(match[1]!, 'base64'));
  }
  return compiled;
}

/** one decoder: copy input in, run, copy output out */
export class XzWasmDecoder {
  private readonly exports: XzExports;
  private readonly context: number;
  readonly bufferSize: number;
  private readonly inPtr: number;
  private readonly outPtr: number;
  private disposed = false;

  constructor() {
    this.exports = new wasm.Instance(xzModule(), {}).exports as XzExports;
    this.context = this.exports.create_context();
    const words = this.words();
    this.bufferSize = words[0]!;
    this.inPtr = words[1]!;
    this.outPtr = words[4]!;
  }

  /** the memory can grow, so views are taken afresh each time */
  private words(): Uint32Array {
    return new Uint32Array(this.exports.memory.buffer, this.context, 6);
  }

  get needsInput(): boolean {
    const words = this.words();
    return words[2] === words[3];
  }

  /** at most bufferSize bytes */
  supply(input: Buffer): void {
    new Uint8Array(this.exports.memory.buffer).set(input, this.inPtr);
    this.exports.supply_input(this.context, input.length);
  }

  /** runs the decoder; returns its status and a copy of what it produced (output buffer reset) */
  run(): { status: number; output: Buffer; outputWasFull: boolean } {
    const status = this.exports.get_next_output(this.context);
    const words = this.words();
    const produced = words[5]!;
    const output = Buffer.from(new Uint8Array(this.exports.memory.buffer, this.outPtr, produced));
    words[5] = 0;
    return { status, output, outputWasFull: produced === this.bufferSize };
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.exports.destroy_context(this.context);
  }
}
