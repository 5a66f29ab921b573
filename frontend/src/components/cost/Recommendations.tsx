// Right-sizing and clean-up findings as cards, with Apply for right-sizing (confirmed first).
import { useMemo, useState } from 'react';
import { Box, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  costApi, type CostPeriod, type Recommendation, type RecommendationList,
} from '../../services/endpoints/cost';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { EmptyState, ErrorState, LoadingRows } from '../common/States';
import { useToast } from '../common/Toasts';
import { CsvButton } from './CsvButton';
import { formatCores, formatGib, formatMoney } from './costFormat';
import { KIND_LABELS, RecommendationCard, targetOf } from './RecommendationCard';
import { useClusterPermission } from './useCostParams';

type KindFilter = Recommendation['kind'] | 'all';

/** Server rows, with the ones applied in this session as Apply answered (with the saving it
 * brought), even if the next refresh no longer lists them or lists them without a saving. */
function merge(items: Recommendation[], applied: Map<string, Recommendation>): Recommendation[] {
  const seen = new Set(items.map((r) => r.id));
  const merged = items.map((r) => applied.get(r.id) ?? r);
  return [...merged, ...[...applied.values()].filter((r) => !seen.has(r.id))];
}

function ApplyText({ rec }: { rec: Recommendation }) {
  return (
    <>
      Patch the requests of {rec.target_kind} <b>{targetOf(rec)}</b> on {rec.cluster_id}:
      {rec.current && rec.recommended ? (
        <Box component="ul" sx={{ my: 1, pl: 2.5 }}>
          <li>CPU {formatCores(rec.current.cpu_cores)} → {formatCores(rec.recommended.cpu_cores)}</li>
          <li>memory {formatGib(rec.current.memory_gib)} → {formatGib(rec.recommended.memory_gib)}</li>
        </Box>
      ) : null}
      Its pods are replaced with the new requests (a rolling update).
    </>
  );
}

export function Recommendations({ scope, period }: { scope: string; period: CostPeriod }) {
  const queryClient = useQueryClient();
  const notify = useToast();
  const may = useClusterPermission();
  const [kind, setKind] = useState<KindFilter>('all');
  const [confirming, setConfirming] = useState<Recommendation | null>(null);
  const [applied, setApplied] = useState<Map<string, Recommendation>>(() => new Map());
  const key = ['cost', scope, 'recommendations'];
  const query = useQuery({ queryKey: key, queryFn: () => costApi.recommendations(scope), refetchInterval: 30_000 });
  const items = useMemo(() => merge(query.data?.items ?? [], applied), [query.data, applied]);

  const apply = async (rec: Recommendation) => {
    const result = await costApi.apply(scope, rec.id);
    const done: Recommendation = { ...result.recommendation, status: 'applied', can_apply: false };
    setApplied((prev) => new Map(prev).set(rec.id, done));
    queryClient.setQueryData<RecommendationList>(key, (old) => old && {
      ...old, items: old.items.map((r) => (r.id === rec.id ? done : r)),
    });
    // The server's list catches up (and may drop it: `merge` keeps the card as applied).
    void queryClient.invalidateQueries({ queryKey: key });
    notify(`Applied: ${targetOf(rec)} now requests ${formatCores(result.applied.cpu_cores)} and ${formatGib(result.applied.memory_gib)}`);
  };

  if (query.isPending) return <LoadingRows rows={4} label="Loading recommendations" />;
  if (query.isError) return <ErrorState error={query.error} title="Could not load recommendations" onRetry={() => void query.refetch()} />;
  const { currency, total_monthly_saving: saving } = query.data;
  const shown = items.filter((r) => kind === 'all' || r.kind === kind);
  return (
    <Box>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 1.5, flexWrap: 'wrap' }}>
        <Typography variant="subtitle1" component="h2">Recommendations</Typography>
        <Typography variant="body2" color="text.secondary">
          {formatMoney(saving, currency)} per month to save (730 h)
        </Typography>
        <Box sx={{ flex: 1 }} />
        <TextField select size="small" label="Show" value={kind} sx={{ width: 220 }}
          onChange={(e) => setKind(e.target.value as KindFilter)}>
          <MenuItem value="all">All findings</MenuItem>
          {(Object.keys(KIND_LABELS) as Recommendation['kind'][]).map((k) => (
            <MenuItem key={k} value={k}>{KIND_LABELS[k]}</MenuItem>
          ))}
        </TextField>
        <CsvButton table="recommendations" scope={scope} period={period} label="Download recommendations as CSV" />
      </Stack>
      {shown.length === 0 ? (
        <EmptyState title="No recommendations">
          Nothing to change{kind === 'all' ? '' : ' of this kind'} right now. Right-sizing needs enough samples
          of a workload's usage; come back once the collector has watched it for a while.
        </EmptyState>
      ) : (
        <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))' }}>
          {shown.map((rec) => (
            <RecommendationCard key={rec.id} rec={rec} currency={currency} fleet={scope === 'all'}
              canApply={rec.can_apply && rec.status === 'open' && may('cost:apply', rec.cluster_id)}
              onApply={() => setConfirming(rec)} />
          ))}
        </Box>
      )}
      <ConfirmDialog open={confirming !== null} title={`Apply right-sizing to ${confirming?.target_name ?? ''}?`}
        confirmLabel="Apply" onClose={() => setConfirming(null)}
        onConfirm={() => (confirming ? apply(confirming) : Promise.resolve())}>
        {confirming ? <ApplyText rec={confirming} /> : null}
      </ConfirmDialog>
    </Box>
  );
}
