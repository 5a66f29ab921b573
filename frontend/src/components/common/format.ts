// Small formatters shared by tables and detail pages.

export function formatAge(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.floor(seconds));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  return d < 730 ? `${d}d` : `${Math.floor(d / 365)}y`;
}

/** Epoch ms of a server timestamp; ones without a zone are UTC (the server stores UTC). */
export function parseTime(timestamp: string): number {
  const zoned = /(Z|[+-]\d\d:?\d\d)$/.test(timestamp) ? timestamp : `${timestamp}Z`;
  return Date.parse(zoned);
}

/** Age from an RFC 3339 timestamp. */
export function ageSince(timestamp: string | null | undefined, now = Date.now()): string {
  if (!timestamp) return '—';
  const then = parseTime(timestamp);
  return Number.isNaN(then) ? '—' : formatAge((now - then) / 1000);
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  const units = ['B', 'Ki', 'Mi', 'Gi', 'Ti'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)}${units[unit]}`;
}

export function formatMillicores(m: number | null | undefined): string {
  if (m === null || m === undefined) return '—';
  if (m < 1000) return `${m}m`;
  const cores = m / 1000;
  return `${Number.isInteger(cores) ? cores : cores.toFixed(1)} ${cores === 1 ? 'core' : 'cores'}`;
}

export function formatDateTime(timestamp: string | null | undefined): string {
  if (!timestamp) return '—';
  const date = new Date(parseTime(timestamp));
  return Number.isNaN(date.getTime()) ? timestamp : date.toLocaleString();
}

export function text(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.length ? value.map(String).join(', ') : '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
