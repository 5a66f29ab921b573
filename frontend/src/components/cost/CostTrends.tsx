// Cost over time, every five minutes (the last day, each sample), by hour or by day, stacked by
// namespace. Five-minute steps are the default: a fresh install has points within minutes.
import { lazy, useState } from 'react';
import {
  Box, MenuItem, Stack, TextField, ToggleButton, ToggleButtonGroup, Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { costApi } from '../../services/endpoints/cost';
import { ErrorState, LoadingRows } from '../common/States';
import { ChartFrame } from './ChartFrame';
import { formatMoney } from './costFormat';
import { NoSamples } from './NoSamples';

const TrendsChart = lazy(() => import('./TrendsChart'));
type Step = '5m' | 'hour' | 'day';
// Hourly steps over more than a week would draw hundreds of points; daily ones over a day, one.
// The server keeps every sample for the last day only.
const RANGES: Record<Step, number[]> = { '5m': [1], hour: [1, 2, 7], day: [7, 30, 90] };
const DEFAULT_DAYS: Record<Step, number> = { '5m': 1, hour: 2, day: 30 };
const STEP_WORDS: Record<Step, string> = { '5m': 'five minutes', hour: 'hour', day: 'day' };

export function CostTrends({ scope, sampleInterval }: { scope: string; sampleInterval: number | null }) {
  const [step, setStep] = useState<Step>('5m');
  const [days, setDays] = useState(1);
  const query = useQuery({
    queryKey: ['cost', scope, 'trends', step, days],
    queryFn: () => costApi.trends(scope, days, step),
    refetchInterval: 30_000,
  });
  const changeStep = (next: Step) => {
    setStep(next);
    setDays(DEFAULT_DAYS[next]);
  };
  const total = query.data?.points.reduce((sum, p) => sum + p.total_cost, 0) ?? 0;
  return (
    <Box>
      <Stack direction="row" spacing={1.5} sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap' }}>
        <Typography variant="subtitle1" component="h2">Cost over time</Typography>
        {query.data ? (
          <Typography variant="body2" color="text.secondary">
            {formatMoney(total, query.data.currency)} over {days} {days === 1 ? 'day' : 'days'}, per {STEP_WORDS[step]}
          </Typography>
        ) : null}
        <Box sx={{ flex: 1 }} />
        <ToggleButtonGroup size="small" exclusive value={step} aria-label="Step"
          onChange={(_, v: Step | null) => { if (v) changeStep(v); }}>
          <ToggleButton value="5m">Every 5 min</ToggleButton>
          <ToggleButton value="hour">By hour</ToggleButton>
          <ToggleButton value="day">By day</ToggleButton>
        </ToggleButtonGroup>
        <TextField select size="small" label="Range" value={days} sx={{ width: 130 }}
          onChange={(e) => setDays(Number(e.target.value))}>
          {RANGES[step].map((d) => <MenuItem key={d} value={d}>{`Last ${d} ${d === 1 ? 'day' : 'days'}`}</MenuItem>)}
        </TextField>
      </Stack>
      {query.isPending ? <LoadingRows rows={6} label="Loading cost trends" /> : null}
      {query.isError ? <ErrorState error={query.error} title="Could not load cost trends" onRetry={() => void query.refetch()} /> : null}
      {query.data && query.data.points.length === 0 ? <NoSamples interval={sampleInterval} what="Trends" /> : null}
      {query.data && query.data.points.length > 0 ? (
        <ChartFrame label="Cost over time chart" height={320}>
          <TrendsChart data={query.data} />
        </ChartFrame>
      ) : null}
    </Box>
  );
}
