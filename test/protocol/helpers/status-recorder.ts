/**
 * Remembers every response status the suite receives, so a hook can fail the test that
 * provoked a 5xx: no request in the protocol suite may get a server error.
 */
export interface RecordedExchange {
  readonly method: string;
  readonly url: string;
  readonly status: number;
}

export class StatusRecorder {
  private exchanges: RecordedExchange[] = [];

  record(method: string, url: string, status: number): void {
    this.exchanges.push({ method: method.toUpperCase(), url, status });
  }

  /** Throws when a server error was recorded since the last call; always starts afresh. */
  assertNoServerErrors(): void {
    const failures = this.exchanges.filter((exchange) => exchange.status >= 500);
    this.exchanges = [];
    if (failures.length > 0) {
      const lines = failures.map((f) => `  ${f.method} ${f.url} -> ${f.status}`).join('\n');
      throw new Error(`the registry answered with a server error:\n${lines}`);
    }
  }
}
