// A light status chip for table rows (styled by the table's `.kd-badge` rule, see
// resources/tableStyles.ts); MUI's Chip is used everywhere else.
import { statusTone } from './StatusChip';

export function StatusBadge({ status }: { status: string | null | undefined }) {
  if (!status) return <span aria-label="no status">—</span>;
  return <span className="kd-badge" data-tone={statusTone(status)} title={status}>{status}</span>;
}
