/** Keeps the last `limit` characters a child process wrote, for error messages and debugging. */
export class LogTail {
  private text = '';

  constructor(private readonly limit = 2_000_000) {}

  append(chunk: Buffer | string): void {
    this.text += chunk.toString();
    if (this.text.length > this.limit) this.text = this.text.slice(this.text.length - this.limit);
  }

  toString(): string {
    return this.text;
  }

  /** the last lines, for embedding in an error message */
  lastLines(count = 60): string {
    return this.text.split('\n').slice(-count).join('\n');
  }
}
