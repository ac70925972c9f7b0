/**
 * Rewrite a zip file entry by entry, with fflate (synchronously: the redacting reporter must finish
 * before the next reporter copies the file). Playwright traces, the HTML report's embedded data and
 * Allure attachments: stored and deflated entries, zip64 when reading.
 */
import { unzipSync, zipSync, type Zippable } from 'fflate';

export interface ZipEntry {
  name: string;
  data: Buffer;
}

/** A local file header signature at the start: PK\x03\x04. */
export function isZip(buffer: Buffer): boolean {
  return buffer.length >= 4 && buffer.readUInt32LE(0) === 0x04034b50;
}

export function readZip(buffer: Buffer): ZipEntry[] {
  return Object.entries(unzipSync(buffer)).map(([name, data]) => ({
    name,
    data: Buffer.from(data.buffer, data.byteOffset, data.byteLength),
  }));
}

export function writeZip(entries: ZipEntry[]): Buffer {
  const files: Zippable = {};
  for (const { name, data } of entries) files[name] = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(zipSync(files, { level: 6 }));
}

/** Apply `transform` to every entry; returns undefined when nothing changed. */
export function transformZip(buffer: Buffer, transform: (entry: ZipEntry) => Buffer): Buffer | undefined {
  const entries = readZip(buffer);
  let changed = false;
  const next = entries.map((entry) => {
    const data = transform(entry);
    if (data !== entry.data && !data.equals(entry.data)) changed = true;
    return { name: entry.name, data };
  });
  return changed ? writeZip(next) : undefined;
}
