// The money columns that the namespace and label tables share: CPU, memory, storage, total,
// efficiency and workloads, with core-hours and GiB-hours in the tooltips.
import { TableCell } from '@mui/material';
import type { NamespaceCost } from '../../services/endpoints/cost';
import { formatMoney, formatPercent } from './costFormat';

export interface BreakdownRow {
  cpu_cost: number; memory_cost: number; storage_cost?: number; total_cost: number;
  cpu_core_hours: number; memory_gib_hours: number; efficiency: NamespaceCost['efficiency']; workloads: number;
}

export function BreakdownHead() {
  return (
    <>
      <TableCell align="right">CPU</TableCell><TableCell align="right">Memory</TableCell>
      <TableCell align="right">Storage</TableCell><TableCell align="right">Total</TableCell>
      <TableCell align="right">Efficiency</TableCell><TableCell align="right">Workloads</TableCell>
    </>
  );
}

/** `special`: an idle or unallocated row, whose efficiency means nothing. */
export function BreakdownCells({ row, currency, special }: { row: BreakdownRow; currency: string; special: boolean }) {
  const money = (n: number) => formatMoney(n, currency);
  return (
    <>
      <TableCell align="right" title={`${row.cpu_core_hours.toFixed(2)} core-hours`}>{money(row.cpu_cost)}</TableCell>
      <TableCell align="right" title={`${row.memory_gib_hours.toFixed(2)} GiB-hours`}>{money(row.memory_cost)}</TableCell>
      <TableCell align="right">{money(row.storage_cost ?? 0)}</TableCell>
      <TableCell align="right" sx={{ fontWeight: 600 }}>{money(row.total_cost)}</TableCell>
      <TableCell align="right">{special ? '—' : formatPercent(row.efficiency.total)}</TableCell>
      <TableCell align="right">{row.workloads}</TableCell>
    </>
  );
}
