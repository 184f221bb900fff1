// Writes CloudTrail records in the S3 delivery layout (DOMAIN.md §2):
// AWSLogs/<acct>/CloudTrail/<region>/YYYY/MM/DD/<acct>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<unique>.json.gz
// holding {"Records":[…]}. Busy account-regions get 5-minute files like real delivery; quiet ones
// fewer, larger files (15 or 60 minutes) so a month does not become 100 000 tiny objects.
// Compression runs on the libuv pool (zlib.gzip) so it overlaps with generating the next hour.
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";
import { MINUTE_MS, compactMinute, dateParts } from "./calendar";
import { deriveRng } from "./rng";
import type { AwsRecord } from "./types";

const gzip = promisify(zlib.gzip);

interface Pending {
  t: number;
  seq: number;
  record: AwsRecord;
}

export class S3DeliveryWriter {
  private buckets = new Map<string, Pending[]>();
  private seq = 0;
  private parts = new Map<string, number>();
  private dirs = new Set<string>();
  files = 0;
  events = 0;
  bytes = 0;
  /** eventID → relative path of its delivery file, for the ids being watched (labels). */
  readonly located = new Map<string, string>();

  constructor(private readonly outDir: string, private readonly seed: number, private readonly watch: Set<string> = new Set()) {}

  add(t: number, accountId: string, region: string, record: AwsRecord): void {
    const key = `${accountId}|${region}`;
    let list = this.buckets.get(key);
    if (!list) this.buckets.set(key, (list = []));
    list.push({ t, seq: this.seq++, record });
  }

  /** Serialises everything buffered; resolves when the files are on disk. */
  flush(): Promise<void> {
    const writes: Array<Promise<void>> = [];
    const keys = [...this.buckets.keys()].sort();
    for (const key of keys) {
      const list = this.buckets.get(key)!;
      const [accountId, region] = key.split("|");
      const sliceMs = (list.length >= 600 ? 5 : list.length >= 150 ? 15 : 60) * MINUTE_MS;
      list.sort((a, b) => a.t - b.t || a.seq - b.seq);
      let i = 0;
      while (i < list.length) {
        const sliceStart = Math.floor(list[i].t / sliceMs) * sliceMs;
        let j = i;
        while (j < list.length && list[j].t < sliceStart + sliceMs) j++;
        writes.push(this.writeFile(accountId, region, sliceStart, list.slice(i, j)));
        i = j;
      }
    }
    this.buckets.clear();
    return Promise.all(writes).then(() => undefined);
  }

  private async writeFile(accountId: string, region: string, sliceStart: number, items: Pending[]): Promise<void> {
    const [y, m, d] = dateParts(sliceStart);
    const dir = path.join("AWSLogs", accountId, "CloudTrail", region, y, m, d);
    const partKey = `${accountId}|${region}|${sliceStart}`;
    const part = this.parts.get(partKey) ?? 0;
    this.parts.set(partKey, part + 1);
    const unique = deriveRng(this.seed, "s3-object", partKey, part).alnum(16);
    const rel = path.join(dir, `${accountId}_CloudTrail_${region}_${compactMinute(sliceStart)}_${unique}.json.gz`);
    let body = '{"Records":[';
    for (let k = 0; k < items.length; k++) {
      if (k) body += ",";
      body += JSON.stringify(items[k].record);
      if (this.watch.size && this.watch.has(items[k].record.eventID)) this.located.set(items[k].record.eventID, rel);
    }
    body += "]}";
    if (!this.dirs.has(dir)) {
      fs.mkdirSync(path.join(this.outDir, dir), { recursive: true });
      this.dirs.add(dir);
    }
    this.files++;
    this.events += items.length;
    const gz = await gzip(body, { level: 4 });
    this.bytes += gz.length;
    await fs.promises.writeFile(path.join(this.outDir, rel), gz);
  }
}
