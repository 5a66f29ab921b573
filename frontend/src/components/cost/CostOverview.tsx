// The summary cards: total for the period, change vs the period before, idle share,
// efficiency, top spenders; per-cluster rows in the fleet view.
import type { ReactNode } from 'react';
import {
  Alert, Box, Card, CardContent, List, ListItem, ListItemText, Skeleton, Typography,
} from '@mui/material';
import TrendingDownIcon from '@mui/icons-material/TrendingDown';
import TrendingUpIcon from '@mui/icons-material/TrendingUp';
import type { CostOverview as Overview } from '../../services/endpoints/cost';
import { formatDateTime } from '../common/format';
import {
  HOURS_PER_MONTH, formatHours, formatMoney, formatPercent, namespaceLabel,
} from './costFormat';
import { ClusterRows } from './ClusterRows';

function StatCard({ title, value, children }: { title: string; value: ReactNode; children?: ReactNode }) {
  return (
    <Card variant="outlined" component="section" aria-label={title}>
      <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
        <Typography variant="body2" color="text.secondary" component="h2">{title}</Typography>
        <Typography variant="h5" component="p" sx={{ fontWeight: 600 }}>{value}</Typography>
        {children ? <Typography variant="caption" color="text.secondary" component="div">{children}</Typography> : null}
      </CardContent>
    </Card>
  );
}

function Change({ data }: { data: Overview }) {
  if (data.change_percent === null || data.previous_total_cost === null) {
    return <StatCard title="Change vs previous period" value="—">No samples for the period before yet</StatCard>;
  }
  const up = data.change_percent > 0;
  const Icon = up ? TrendingUpIcon : TrendingDownIcon;
  return (
    <StatCard title="Change vs previous period" value={(
      <Box component="span" sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5, color: up ? 'warning.main' : 'success.main' }}>
        <Icon fontSize="small" aria-hidden />
        {`${up ? '+' : ''}${data.change_percent.toFixed(1)}%`}
      </Box>
    )}>
      previously {formatMoney(data.previous_total_cost, data.currency)}
    </StatCard>
  );
}

function TopSpenders({ data }: { data: Overview }) {
  return (
    <Card variant="outlined" component="section" aria-label="Top spenders" sx={{ gridRow: { md: 'span 2' } }}>
      <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
        <Typography variant="body2" color="text.secondary" component="h2">Top spenders</Typography>
        {data.top_spenders.length === 0 ? <Typography variant="body2">Nothing has cost anything yet.</Typography> : (
          <List dense disablePadding>
            {data.top_spenders.slice(0, 5).map((s) => (
              <ListItem key={`${s.cluster_id}/${s.kind}/${s.namespace}/${s.name}`} disableGutters
                secondaryAction={<Typography variant="body2" sx={{ fontWeight: 600 }}>{formatMoney(s.total_cost, data.currency)}</Typography>}>
                <ListItemText primary={s.kind === 'namespace' ? namespaceLabel(s.name) : `${s.namespace}/${s.name}`}
                  secondary={`${s.kind}${data.cluster_id === 'all' ? ` · ${s.cluster_id}` : ''}`} />
              </ListItem>
            ))}
          </List>
        )}
      </CardContent>
    </Card>
  );
}

export function OverviewSkeleton() {
  return (
    <Box role="progressbar" aria-label="Loading the cost overview" aria-busy="true"
      sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', mb: 2 }}>
      {Array.from({ length: 5 }, (_, i) => <Skeleton key={i} variant="rounded" height={96} />)}
    </Box>
  );
}

export function CostOverview({ data }: { data: Overview }) {
  const money = (n: number) => formatMoney(n, data.currency);
  return (
    <Box sx={{ mb: 2 }}>
      {data.usage_source === 'requests' ? (
        <Alert severity="info" sx={{ mb: 1.5 }}>
          Usage from requests: metrics.k8s.io is not available{data.cluster_id === 'all' ? ' on some clusters' : ''}, so
          usage is taken to equal requests. Costs are still right; efficiency and right-sizing need real usage.
        </Alert>
      ) : null}
      <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: { xs: '1fr', sm: 'repeat(2, 1fr)', md: 'repeat(4, 1fr)' } }}>
        <StatCard title="Total cost" value={money(data.total_cost)}>
          over {formatHours(data.window.hours)} of samples · ≈ {money(data.monthly_estimate)} per month ({HOURS_PER_MONTH} h)
        </StatCard>
        <Change data={data} />
        <StatCard title="Idle share" value={formatPercent(data.idle_share)}>
          {money(data.idle_cost)} of node capacity nothing requested or used
        </StatCard>
        <TopSpenders data={data} />
        <StatCard title="Efficiency" value={formatPercent(data.efficiency.total)}>
          CPU {formatPercent(data.efficiency.cpu)} · memory {formatPercent(data.efficiency.memory)} (usage ÷ requests)
        </StatCard>
        <StatCard title="Allocated" value={money(data.allocated_cost)}>
          storage {money(data.storage_cost)} · network {money(data.network_cost)}
          {data.network_note ? ` (${data.network_note})` : ''}
        </StatCard>
        <StatCard title="Samples" value={data.samples.toLocaleString()}>
          last {formatDateTime(data.last_sample_at)}
        </StatCard>
      </Box>
      {data.cluster_id === 'all' ? <ClusterRows data={data} /> : null}
    </Box>
  );
}
