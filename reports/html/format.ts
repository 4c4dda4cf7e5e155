// Number and time formatting shared by the HTML report's sections. Times are shown in UTC, as the
// report JSON records them, so an author and a student in different zones read the same clock.

/** "1.2 s", "6 min 25 s", "350 ms": a duration for people. */
export function duration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const totalS = Math.round(ms / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const sec = totalS % 60;
  if (h) return `${h} h ${m} min`;
  return sec ? `${m} min ${sec} s` : `${m} min`;
}

/** "10:19:03" (UTC) for an epoch-milliseconds time; "–" when it is not a time. */
export function clockTime(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return new Date(ms).toISOString().slice(11, 19);
}

/** "2025-11-28 10:19:03 UTC" for an epoch-milliseconds time or an ISO string. */
export function dateTime(t: number | string): string {
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return String(t);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 19)} UTC`;
}

/** "+6:25" or "+1:02:05": an offset from the run's start, for the timeline axis. */
export function offset(ms: number): string {
  const totalS = Math.round(ms / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = String(totalS % 60).padStart(2, '0');
  return h ? `+${h}:${String(m).padStart(2, '0')}:${s}` : `+${m}:${s}`;
}
