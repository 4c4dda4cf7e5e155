// Where VPC flow logs land in S3 (aws-fidelity §3): the folder layout (default, per-hour, Hive),
// the file name, and the `LogDestination` ARN. All dates are UTC.
import { LogDestinationError } from './errors';

/** `DestinationOptions.FileFormat`. */
export type S3FileFormat = 'plain-text' | 'parquet';

/** Where a flow log writes: account, region, destination prefix, partitioning, and a time (Date or epoch ms). */
export interface S3FolderOptions {
  /** The optional subfolder of the LogDestination ARN, with or without slashes around it. */
  prefix?: string;
  accountId: string;
  region: string;
  time: Date | number;
  hive?: boolean;
  perHour?: boolean;
}

/** A folder plus what names one file in it. */
export interface S3KeyOptions extends S3FolderOptions {
  flowLogId: string;
  /** Opaque 8 hex chars; by default derived from the other parts so keys are reproducible. */
  hash?: string;
  fileFormat?: S3FileFormat;
}

/** What a flow-log object key says about itself. */
export interface S3KeyInfo {
  prefix: string;
  accountId: string;
  region: string;
  year: number;
  month: number;
  day: number;
  hour?: number;
  hive: boolean;
  flowLogId: string;
  /** The start of the 5-minute window the file covers (its records' end times). */
  timestamp: Date;
  hash: string;
  fileFormat: S3FileFormat;
}

const WINDOW_SECONDS = 300;
const HASH = /^[0-9a-f]{8}$/;

/** The start (Unix seconds) of the 5-minute window that holds a record, by the record's end time. */
export function s3FileWindowStart(endTimeSeconds: number): number {
  return Math.floor(endTimeSeconds / WINDOW_SECONDS) * WINDOW_SECONDS;
}

/** The folder (ending in `/`, relative to the bucket) a flow log writes to at a given time. */
export function s3FolderFor(opts: S3FolderOptions): string {
  const d = toDate(opts.time);
  const [yyyy, mm, dd, hh] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours()].map((v, i) => pad(v, i === 0 ? 4 : 2));
  const base = prefixPart(opts.prefix);
  if (opts.hive) {
    return `${base}AWSLogs/aws-account-id=${opts.accountId}/aws-service=vpcflowlogs/aws-region=${opts.region}/year=${yyyy}/month=${mm}/day=${dd}/${opts.perHour ? `hour=${hh}/` : ''}`;
  }
  return `${base}AWSLogs/${opts.accountId}/vpcflowlogs/${opts.region}/${yyyy}/${mm}/${dd}/${opts.perHour ? `${hh}/` : ''}`;
}

/**
 * The object key of the file that holds records ending at `time`: the time is floored to its
 * 5-minute window, which names the file. Parquet's `.log.parquet` extension is not established.
 */
export function s3KeyFor(opts: S3KeyOptions): string {
  const ms = toDate(opts.time).getTime();
  const window = new Date(s3FileWindowStart(Math.floor(ms / 1000)) * 1000);
  const stamp =
    `${pad(window.getUTCFullYear(), 4)}${pad(window.getUTCMonth() + 1, 2)}${pad(window.getUTCDate(), 2)}` +
    `T${pad(window.getUTCHours(), 2)}${pad(window.getUTCMinutes(), 2)}Z`;
  const hash = opts.hash ?? fnv1a(`${opts.accountId}|${opts.region}|${opts.flowLogId}|${stamp}`);
  if (!HASH.test(hash)) throw new RangeError(`The S3 file hash must be 8 lower-case hex characters, got '${hash}'.`);
  const ext = opts.fileFormat === 'parquet' ? 'log.parquet' : 'log.gz';
  const name = `${opts.accountId}_vpcflowlogs_${opts.region}_${opts.flowLogId}_${stamp}_${hash}.${ext}`;
  return s3FolderFor({ ...opts, time: window }) + name;
}

const DEFAULT_KEY = /^(?:(.*)\/)?AWSLogs\/(\d{12})\/vpcflowlogs\/([a-z0-9-]+)\/(\d{4})\/(\d{2})\/(\d{2})\/(?:(\d{2})\/)?([^/]+)$/;
const HIVE_KEY =
  /^(?:(.*)\/)?AWSLogs\/aws-account-id=(\d{12})\/aws-service=vpcflowlogs\/aws-region=([a-z0-9-]+)\/year=(\d{4})\/month=(\d{2})\/day=(\d{2})\/(?:hour=(\d{2})\/)?([^/]+)$/;
const FILE = /^(\d{12})_vpcflowlogs_([a-z0-9-]+)_(fl-[0-9a-zA-Z]+)_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z_([0-9a-f]{8})\.log\.(gz|parquet)$/;

/** Reads a flow-log object key; undefined when the key is not one (wrong layout, name or date). */
export function parseS3Key(key: string): S3KeyInfo | undefined {
  const hive = HIVE_KEY.exec(key);
  const m = hive ?? DEFAULT_KEY.exec(key);
  if (!m) return undefined;
  const f = FILE.exec(m[8]);
  // The file name repeats account and region; a mismatch means the key is not AWS's.
  if (!f || f[1] !== m[2] || f[2] !== m[3]) return undefined;
  const [year, month, day] = [Number(m[4]), Number(m[5]), Number(m[6])];
  const hour = m[7] === undefined ? undefined : Number(m[7]);
  if (!validDate(year, month, day, hour ?? 0, 0)) return undefined;
  const t = f.slice(4, 9).map(Number);
  if (!validDate(t[0], t[1], t[2], t[3], t[4])) return undefined;
  return {
    prefix: m[1] ?? '',
    accountId: m[2],
    region: m[3],
    year,
    month,
    day,
    ...(hour === undefined ? {} : { hour }),
    hive: hive !== null,
    flowLogId: f[3],
    timestamp: new Date(Date.UTC(t[0], t[1] - 1, t[2], t[3], t[4])),
    hash: f[9],
    fileFormat: f[10] === 'parquet' ? 'parquet' : 'plain-text',
  };
}

const DESTINATION = /^arn:(aws|aws-cn|aws-us-gov):s3:::([^/]*)(?:\/(.*))?$/;
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Splits an S3 `LogDestination` ARN (`arn:aws:s3:::bucket[/subfolder/]`) into the bucket and the
 * subfolder (no surrounding slashes, '' when absent). Throws LogDestinationError for anything else,
 * including a subfolder named `AWSLogs`, which AWS reserves for its own folders.
 */
export function parseLogDestination(arn: string): { bucket: string; prefix: string } {
  const m = DESTINATION.exec(arn);
  if (!m) throw new LogDestinationError(arn, 'use an S3 bucket ARN such as arn:aws:s3:::my-bucket or arn:aws:s3:::my-bucket/my-folder/.');
  const bucket = m[2];
  if (!BUCKET.test(bucket)) throw new LogDestinationError(arn, `'${bucket}' is not a valid bucket name (3 to 63 lower-case letters, digits, dots and hyphens).`);
  const prefix = (m[3] ?? '').replace(/\/+$/, '');
  const segments = prefix === '' ? [] : prefix.split('/');
  if (segments.some((s) => s === '')) throw new LogDestinationError(arn, 'the subfolder must not contain empty path segments (//).');
  // AWS says AWSLogs cannot be the subfolder; refusing it at any depth also keeps parseS3Key unambiguous.
  if (segments.includes('AWSLogs')) throw new LogDestinationError(arn, 'AWSLogs is reserved by AWS and cannot be used as the subfolder; choose another folder name.');
  return { bucket, prefix };
}

function prefixPart(prefix: string | undefined): string {
  const p = (prefix ?? '').replace(/^\/+|\/+$/g, '');
  return p === '' ? '' : `${p}/`;
}

function toDate(time: Date | number): Date {
  const d = typeof time === 'number' ? new Date(time) : time;
  if (Number.isNaN(d.getTime())) throw new RangeError(`The time must be a valid Date or epoch milliseconds, got ${String(time)}.`);
  return d;
}

function pad(v: number, width: number): string {
  return String(v).padStart(width, '0');
}

function validDate(y: number, mo: number, d: number, h: number, mi: number): boolean {
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && t.getUTCHours() === h && t.getUTCMinutes() === mi;
}

// A stable stand-in for AWS's hash, whose algorithm is not established (aws-fidelity §8).
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
