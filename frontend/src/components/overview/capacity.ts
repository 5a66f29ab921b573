// The numbers the overview and the fleet show about capacity and pod phases, in one place.
import type { ClusterOverview } from '../../types';

export const PHASE_COLORS: Record<string, string> = {
  Running: '#2e7d32',
  Succeeded: '#0288d1',
  Pending: '#ed6c02',
  Failed: '#d32f2f',
  Unknown: '#9e9e9e',
};

export function phaseTone(phase: string): 'success' | 'warning' | 'error' | 'default' {
  if (phase === 'Running' || phase === 'Succeeded') return 'success';
  if (phase === 'Pending') return 'warning';
  if (phase === 'Failed') return 'error';
  return 'default';
}

/** Pod phases, biggest first (a stable order for chips and the donut). */
export function phases(overview: ClusterOverview): { phase: string; count: number }[] {
  return Object.entries(overview.pod_phases)
    .map(([phase, count]) => ({ phase, count }))
    .sort((a, b) => b.count - a.count || a.phase.localeCompare(b.phase));
}

export interface Capacity {
  requested: number;
  allocatable: number;
  used: number | null;
}

export function cpuOf(overview: ClusterOverview): Capacity {
  return {
    requested: overview.cpu.requested_millicores,
    allocatable: overview.cpu.allocatable_millicores,
    used: overview.cpu.used_millicores,
  };
}

export function memoryOf(overview: ClusterOverview): Capacity {
  return {
    requested: overview.memory.requested_bytes,
    allocatable: overview.memory.allocatable_bytes,
    used: overview.memory.used_bytes,
  };
}

/** Percent of allocatable, capped at 100 for bars (the text says the real figure). */
export function percentOf(value: number | null, allocatable: number): number {
  if (value === null || allocatable <= 0) return 0;
  return Math.min(100, (value / allocatable) * 100);
}
