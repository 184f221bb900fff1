// Terminal output for CLI commands: plain lines on stderr for people, JSON on stdout for scripts,
// and progress that redraws one line on a terminal but prints sparse lines in logs and CI.

export function info(line: string): void {
  process.stderr.write(`${line}\n`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? Number(v) : v), 2)}\n`);
}

export class Progress {
  private last = 0;
  private readonly tty = Boolean(process.stderr.isTTY);
  constructor(private readonly label: string, private readonly everyMs = 2000) {}

  update(text: string): void {
    const now = Date.now();
    if (this.tty) {
      process.stderr.write(`\r\x1b[K${this.label}: ${text}`);
    } else if (now - this.last >= this.everyMs) {
      process.stderr.write(`${this.label}: ${text}\n`);
      this.last = now;
    }
  }

  done(text: string): void {
    process.stderr.write(`${this.tty ? "\r\x1b[K" : ""}${this.label}: ${text}\n`);
  }
}

export function formatRate(count: number, ms: number): string {
  return `${Math.round((count / Math.max(ms, 1)) * 1000).toLocaleString("en-US")}/s`;
}
