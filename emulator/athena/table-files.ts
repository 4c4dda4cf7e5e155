/**
 * Which S3 objects make up a table: the table location when it is unpartitioned, each registered
 * partition's location, or — with partition projection — every folder the location template
 * matches whose values fall in the projected ranges.
 */
import { usesProjection, type CatalogTable } from './catalog';
import { asFolder, parseS3Uri, type ObjectInfo, type ObjectReader } from './object-reader';

export interface PartitionFiles {
  /** Partition values in key order ([] for an unpartitioned table). */
  values: string[];
  bucket: string;
  objects: ObjectInfo[];
}

/** Lists the data files of a table, grouped by partition. */
export function tableFiles(table: CatalogTable, reader: ObjectReader, nowMs: number): PartitionFiles[] {
  if (table.partitionKeys.length === 0) {
    const loc = parseS3Uri(table.location);
    return loc ? [{ values: [], bucket: loc.bucket, objects: dataObjects(reader, loc.bucket, asFolder(loc.prefix)) }] : [];
  }
  if (usesProjection(table)) return projectedFiles(table, reader, nowMs);
  const out: PartitionFiles[] = [];
  for (const p of table.partitions) {
    const loc = parseS3Uri(p.location);
    if (!loc) continue;
    out.push({ values: p.values, bucket: loc.bucket, objects: dataObjects(reader, loc.bucket, asFolder(loc.prefix)) });
  }
  return out;
}

/** Objects under a folder, skipping folder markers and the hidden `_…`/`.…` files Hive ignores. */
function dataObjects(reader: ObjectReader, bucket: string, prefix: string): ObjectInfo[] {
  if (!reader.hasBucket(bucket)) return [];
  return reader.list(bucket, prefix).filter((o) => {
    if (o.key.endsWith('/') || o.key.endsWith('_$folder$')) return false;
    const base = o.key.slice(o.key.lastIndexOf('/') + 1);
    return !base.startsWith('_') && !base.startsWith('.');
  });
}

function projectedFiles(table: CatalogTable, reader: ObjectReader, nowMs: number): PartitionFiles[] {
  const props = table.tblProperties;
  const template =
    props['storage.location.template'] ??
    `${table.location.replace(/\/$/, '')}/${table.partitionKeys.map((k) => `${k.name}=\${${k.name}}`).join('/')}`;
  const loc = parseS3Uri(template);
  if (!loc) return [];
  const staticPrefix = loc.prefix.slice(0, loc.prefix.indexOf('${') < 0 ? undefined : loc.prefix.indexOf('${'));
  const order: string[] = [];
  let pattern = '';
  for (const part of loc.prefix.split(/(\$\{[^}]+\})/)) {
    const m = /^\$\{([^}]+)\}$/.exec(part);
    if (!m) {
      pattern += escapeRegex(part);
      continue;
    }
    const col = m[1].toLowerCase();
    order.push(col);
    pattern += `(${valuePattern(props, col)})`;
  }
  const re = new RegExp(`^${pattern}${pattern.endsWith('/') ? '' : '/'}`);
  const groups = new Map<string, PartitionFiles>();
  for (const o of dataObjects(reader, loc.bucket, staticPrefix)) {
    const m = re.exec(o.key);
    if (!m) continue;
    const byCol: Record<string, string> = {};
    order.forEach((c, i) => (byCol[c] = m[i + 1]));
    const values = table.partitionKeys.map((k) => byCol[k.name] ?? '');
    if (!table.partitionKeys.every((k) => inRange(props, k.name, byCol[k.name] ?? '', nowMs))) continue;
    const id = values.join('\u0000');
    if (!groups.has(id)) groups.set(id, { values, bucket: loc.bucket, objects: [] });
    groups.get(id)!.objects.push(o);
  }
  return [...groups.values()];
}

function valuePattern(props: Record<string, string>, col: string): string {
  const type = (props[`projection.${col}.type`] ?? 'injected').toLowerCase();
  if (type === 'enum') return (props[`projection.${col}.values`] ?? '').split(',').map((v) => escapeRegex(v.trim())).join('|');
  if (type === 'integer') return '-?\\d+';
  if (type === 'date') {
    const format = props[`projection.${col}.format`] ?? 'yyyy-MM-dd';
    return format.split(/(yyyy|MM|dd|HH|mm|ss)/).map((p) => (/^(yyyy)$/.test(p) ? '\\d{4}' : /^(MM|dd|HH|mm|ss)$/.test(p) ? '\\d{2}' : escapeRegex(p))).join('');
  }
  return '[^/]+';
}

function inRange(props: Record<string, string>, col: string, value: string, nowMs: number): boolean {
  const type = (props[`projection.${col}.type`] ?? 'injected').toLowerCase();
  const range = (props[`projection.${col}.range`] ?? '').split(',').map((s) => s.trim());
  if (type === 'integer' && range.length === 2) {
    const n = Number(value);
    return n >= Number(range[0]) && n <= Number(range[1]);
  }
  if (type === 'date' && range.length === 2) {
    const format = props[`projection.${col}.format`] ?? 'yyyy-MM-dd';
    const t = parseDate(value, format);
    const lo = rangeBound(range[0], format, nowMs);
    const hi = rangeBound(range[1], format, nowMs);
    return t !== undefined && lo !== undefined && hi !== undefined && t >= lo && t <= hi;
  }
  return true;
}

/** `NOW`, `NOW-3YEARS`, `NOW+1DAYS` or a date in the projection format. */
function rangeBound(s: string, format: string, nowMs: number): number | undefined {
  const m = /^NOW(?:([+-])(\d+)(YEARS?|MONTHS?|WEEKS?|DAYS?|HOURS?|MINUTES?|SECONDS?))?$/i.exec(s);
  if (!m) return parseDate(s, format);
  const d = new Date(nowMs);
  if (m[1]) {
    const n = Number(m[2]) * (m[1] === '-' ? -1 : 1);
    const unit = m[3].toUpperCase().replace(/S$/, '');
    if (unit === 'YEAR') d.setUTCFullYear(d.getUTCFullYear() + n);
    else if (unit === 'MONTH') d.setUTCMonth(d.getUTCMonth() + n);
    else d.setTime(d.getTime() + n * { WEEK: 604800e3, DAY: 86400e3, HOUR: 3600e3, MINUTE: 60e3, SECOND: 1e3 }[unit]!);
  }
  return d.getTime();
}

/** Parses a date written in a Java-style format using yyyy, MM, dd, HH, mm, ss (UTC). */
export function parseDate(value: string, format: string): number | undefined {
  const parts = format.split(/(yyyy|MM|dd|HH|mm|ss)/);
  const fields: Record<string, number> = { yyyy: 1970, MM: 1, dd: 1, HH: 0, mm: 0, ss: 0 };
  let pos = 0;
  for (const p of parts) {
    if (p in fields) {
      const len = p === 'yyyy' ? 4 : 2;
      const chunk = value.slice(pos, pos + len);
      if (!/^\d+$/.test(chunk) || chunk.length !== len) return undefined;
      fields[p] = Number(chunk);
      pos += len;
    } else {
      if (value.slice(pos, pos + p.length) !== p) return undefined;
      pos += p.length;
    }
  }
  if (pos !== value.length) return undefined;
  return Date.UTC(fields.yyyy, fields.MM - 1, fields.dd, fields.HH, fields.mm, fields.ss);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
