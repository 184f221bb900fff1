import { describe, expect, it } from "vitest";
import { csvCell, exportStream, type ExportColumn } from "./stream";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  // ignoreBOM: keep the byte-order mark in the text so the test sees it.
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
}

async function* pagesOf<T>(pages: T[][]) {
  for (const p of pages) yield p;
}

describe("export streams", () => {
  it("neutralises cells a spreadsheet would run as formulas, and quotes what CSV needs quoted", () => {
    expect(csvCell("=HYPERLINK(\"http://evil\")")).toBe(`"'=HYPERLINK(""http://evil"")"`);
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell("iam.amazonaws.com:CreateUser")).toBe("iam.amazonaws.com:CreateUser");
    // Numbers are data, not formulas: a negative score stays a number.
    expect(csvCell(-1.5)).toBe("-1.5");
    expect(csvCell(null)).toBe("");
  });

  const columns: ExportColumn<{ id: number; ua: string }>[] = [
    { header: "id", value: (r) => r.id },
    { header: "user_agent", value: (r) => r.ua },
  ];

  it("writes a header then every page as CSV", async () => {
    const text = await readAll(exportStream("csv", columns, pagesOf([[{ id: 1, ua: "=cmd|' /C calc'!A0" }], [], [{ id: 2, ua: "aws-cli/2" }]])));
    expect(text).toBe(`\uFEFFid,user_agent\r\n1,'=cmd|' /C calc'!A0\r\n2,aws-cli/2\r\n`);
  });

  it("writes JSON Lines with the values unchanged", async () => {
    const text = await readAll(exportStream("jsonl", columns, pagesOf([[{ id: 1, ua: "=x" }, { id: 2, ua: "<script>" }]])));
    expect(text.trim().split("\n").map((l) => JSON.parse(l))).toEqual([{ id: 1, user_agent: "=x" }, { id: 2, user_agent: "<script>" }]);
  });

  it("stops reading pages when the download is cancelled", async () => {
    let pulled = 0;
    let isClosed = false;
    async function* endless() {
      try {
        for (;;) {
          pulled++;
          yield [{ id: pulled, ua: "x" }];
        }
      } finally {
        isClosed = true;
      }
    }
    const reader = exportStream("jsonl", columns, endless()).getReader();
    await reader.read();
    await reader.read();
    await reader.cancel();
    expect(isClosed).toBe(true);
    expect(pulled).toBeLessThan(10);
  });
});
