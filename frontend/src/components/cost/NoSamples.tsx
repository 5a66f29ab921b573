// The empty state of every cost view before the collector has stored anything.
import { EmptyState } from '../common/States';

export function NoSamples({ interval, what = 'Costs' }: { interval: number | null; what?: string }) {
  const every = interval ? `every ${interval} seconds` : 'periodically';
  return (
    <EmptyState title="No cost data yet">
      {what} appear after the first samples — the collector samples every cluster {every}
      {' '}(KUBEDECK_COST_SAMPLE_INTERVAL). Come back in a moment.
    </EmptyState>
  );
}
