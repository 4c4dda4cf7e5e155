/**
 * CloudWatch is written in Java and its texts show it: numbers in reasons and JSON are Java
 * doubles (`1.0`, `99.50160229693434`, `1.0E7`), dates are `dd/MM/yy HH:mm:ss` or
 * `yyyy-MM-dd'T'HH:mm:ss.SSSZ` (`+0000`), all in UTC.
 */

/** `Double.toString` as Java writes it: `1.0`, `0.5`, `1.0E7`, `1.0E-4`. */
export function javaDouble(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  const a = Math.abs(n);
  if (a === 0 || (a >= 1e-3 && a < 1e7)) {
    const s = String(n);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exp] = n.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exp.replace('+', '')}`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `28/11/26 21:54:00`, the date form inside StateReason texts. */
export function reasonDate(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCFullYear() % 100)} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

/** `2019-10-02T17:04:40.985+0000`, the date form inside StateReasonData and SNS messages. */
export function javaIsoDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** Marks a number to be written as a Java double in `javaJson` (`1` → `1.0`). */
export class JavaDouble {
  constructor(readonly value: number) {}
}

/** JSON.stringify that writes JavaDouble values the Java way, so `"threshold":1.0` survives. */
export function javaJson(value: unknown): string {
  if (value instanceof JavaDouble) return Number.isFinite(value.value) ? javaDouble(value.value) : 'null';
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(javaJson).join(',')}]`;
  if (typeof value === 'object') {
    const parts = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${JSON.stringify(k)}:${javaJson(v)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(value);
}
