// Formatters for the cost pages: every number carries its unit (cost-model.md: "label every
// unit"), money in the settings' currency.
import type { CostPeriod } from '../../services/endpoints/cost';

export const HOURS_PER_MONTH = 730;

export const PERIODS: { value: CostPeriod; label: string }[] = [
  { value: '24h', label: 'Last 24 hours' },
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: 'today', label: 'Today' },
  { value: 'yesterday', label: 'Yesterday' },
  { value: 'week', label: 'This week' },
  { value: 'month', label: 'This month' },
];

export function isPeriod(value: string | null): value is CostPeriod {
  return PERIODS.some((p) => p.value === value) || value === '1h' || value === '1d';
}

/** Money with enough digits that cents of a small cluster do not read as zero. */
export function formatMoney(amount: number, currency: string): string {
  const digits = Math.abs(amount) < 1 && amount !== 0 ? 4 : 2;
  try {
    return new Intl.NumberFormat(undefined, {
      style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
    }).format(amount);
  } catch {
    // Not an ISO 4217 code (the setting is free text): print the code itself.
    return `${amount.toFixed(digits)} ${currency}`;
  }
}

export function formatPercent(fraction: number | null | undefined, digits = 0): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function formatCores(cores: number | null | undefined): string {
  if (cores === null || cores === undefined) return '—';
  if (cores < 1) return `${Math.round(cores * 1000)}m CPU`;
  return `${Number(cores.toFixed(2))} ${cores === 1 ? 'core' : 'cores'}`;
}

export function formatGib(gib: number | null | undefined): string {
  if (gib === null || gib === undefined) return '—';
  if (gib < 1) return `${Math.round(gib * 1024)} MiB`;
  return `${Number(gib.toFixed(2))} GiB`;
}

export function formatHours(hours: number): string {
  if (hours < 1 / 60) return `${Math.round(hours * 3600)} s`;
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${Number(hours.toFixed(1))} h`;
  return `${Number((hours / 24).toFixed(1))} days`;
}

/** The special rows of the namespace breakdown, in words. */
export function namespaceLabel(namespace: string): string {
  if (namespace === '__idle__') return 'Idle capacity';
  if (namespace === '__unallocated__') return 'Unallocated';
  return namespace;
}

export function isSpecialNamespace(namespace: string): boolean {
  return namespace === '__idle__' || namespace === '__unallocated__';
}
