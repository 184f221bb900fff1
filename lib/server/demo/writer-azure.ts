// Writes Azure Activity Log records as the diagnostic setting archives them to a storage account:
// one JSON Lines blob per subscription and hour,
// azure/resourceId=/SUBSCRIPTIONS/<ID>/y=YYYY/m=MM/d=DD/h=HH/m=00/PT1H.json
// (one record object per line, the format Azure Monitor has used for storage since late 2018).
import fs from "node:fs";
import path from "node:path";
import { HOUR_MS, dateParts } from "./calendar";
import type { AzureRecord } from "./types";

export class AzureBlobWriter {
  private pending: Array<{ t: number; seq: number; subscriptionId: string; record: AzureRecord }> = [];
  private seq = 0;
  private written = new Set<string>();
  files = 0;
  events = 0;
  bytes = 0;

  constructor(private readonly outDir: string) {}

  add(t: number, subscriptionId: string, record: AzureRecord): void {
    this.pending.push({ t, seq: this.seq++, subscriptionId, record });
  }

  static blobPath(subscriptionId: string, hourStart: number): string {
    const [y, m, d, h] = dateParts(hourStart);
    return path.join("azure", "resourceId=", "SUBSCRIPTIONS", subscriptionId.toUpperCase(), `y=${y}`, `m=${m}`, `d=${d}`, `h=${h}`, "m=00", "PT1H.json");
  }

  flush(): void {
    this.pending.sort((a, b) => a.t - b.t || a.seq - b.seq);
    const groups = new Map<string, string[]>();
    for (const p of this.pending) {
      const rel = AzureBlobWriter.blobPath(p.subscriptionId, Math.floor(p.t / HOUR_MS) * HOUR_MS);
      let lines = groups.get(rel);
      if (!lines) groups.set(rel, (lines = []));
      lines.push(JSON.stringify(p.record));
    }
    for (const [rel, lines] of groups) {
      const file = path.join(this.outDir, rel);
      const text = lines.join("\n") + "\n";
      // A late record for an hour already written is appended, as Azure appends to the hour's blob.
      if (this.written.has(rel)) fs.appendFileSync(file, text);
      else {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
        this.written.add(rel);
        this.files++;
      }
      this.events += lines.length;
      this.bytes += Buffer.byteLength(text);
    }
    this.pending = [];
  }
}
