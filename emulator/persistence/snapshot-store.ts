import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { StateSnapshot } from '../framework/state-registry';

/** Buffers up to this size are kept inline (base64) in the snapshot; larger ones go to blob files. */
const INLINE_LIMIT = 4096;
const STATE_FILE = 'state.json';
const FORMAT = 1;

/**
 * Persists the state tree under a data directory: `state.json` written atomically (temp file, fsync,
 * rename, directory fsync) and large Buffers as content-addressed files under `blobs/`, written
 * before the snapshot that references them. A crash leaves either the old or the new snapshot.
 */
export class SnapshotStore {
  private readonly blobDir: string;
  private tmpCounter = 0;

  /** `rename` is injectable so tests can cut the power between writing the temp file and renaming it. */
  constructor(
    readonly dataDir: string,
    private readonly rename: (from: string, to: string) => void = renameSync,
  ) {
    this.blobDir = join(dataDir, 'blobs');
    mkdirSync(this.blobDir, { recursive: true });
  }

  /** Writes a snapshot durably. Synchronous, so no other request interleaves with a half-written tree. */
  save(state: StateSnapshot): void {
    const blobs = this.blobDir;
    const json = JSON.stringify({ format: FORMAT, state }, function (this: Record<string, unknown>, key, value) {
      const raw = this[key];
      if (Buffer.isBuffer(raw) || raw instanceof Uint8Array) {
        const buf = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
        if (buf.length <= INLINE_LIMIT) return { $buffer: buf.toString('base64') };
        const hash = createHash('sha256').update(buf).digest('hex');
        const path = join(blobs, hash);
        if (!existsSync(path)) writeDurably(path, buf, `${path}.tmp`, renameSync);
        return { $blob: hash, size: buf.length };
      }
      if (raw instanceof Date) return { $date: raw.toISOString() };
      return value;
    });
    const target = join(this.dataDir, STATE_FILE);
    writeDurably(target, Buffer.from(json), `${target}.tmp-${process.pid}-${this.tmpCounter++}`, this.rename);
    fsyncDir(this.dataDir);
  }

  /** Loads the last complete snapshot, or undefined when there is none; removes stale temp files and unreferenced blobs. */
  load(): StateSnapshot | undefined {
    const target = join(this.dataDir, STATE_FILE);
    for (const name of readdirSync(this.dataDir)) if (name.startsWith(`${STATE_FILE}.tmp`)) safeUnlink(join(this.dataDir, name));
    if (!existsSync(target)) return undefined;
    const text = readFileSync(target, 'utf8');
    const referenced = new Set<string>();
    const blobs = this.blobDir;
    let parsed: { format?: number; state?: StateSnapshot };
    try {
      parsed = JSON.parse(text, (_key, value) => {
        if (value && typeof value === 'object' && !Array.isArray(value)) {
          if (typeof value.$buffer === 'string' && Object.keys(value).length === 1) return Buffer.from(value.$buffer, 'base64');
          if (typeof value.$blob === 'string') {
            referenced.add(value.$blob);
            return readFileSync(join(blobs, value.$blob));
          }
          if (typeof value.$date === 'string' && Object.keys(value).length === 1) return new Date(value.$date);
        }
        return value;
      });
    } catch (err) {
      throw new Error(`The emulator state in ${target} cannot be read (${(err as Error).message}); move it away to start empty.`);
    }
    for (const name of readdirSync(blobs)) if (!referenced.has(name)) safeUnlink(join(blobs, name));
    return parsed.state ?? {};
  }
}

function writeDurably(path: string, data: Buffer, tmp: string, rename: (from: string, to: string) => void): void {
  const fd = openSync(tmp, 'w');
  try {
    let offset = 0;
    while (offset < data.length) offset += writeSync(fd, data, offset, data.length - offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  rename(tmp, path);
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  }
}

function safeUnlink(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
