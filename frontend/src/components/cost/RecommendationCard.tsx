// One recommendation: what to change, what it saves per month, the evidence, and Apply.
import type { ReactNode } from 'react';
import {
  Box, Button, Card, CardActions, CardContent, Chip, Stack, Typography,
} from '@mui/material';
import type { Recommendation } from '../../services/endpoints/cost';
import { formatCores, formatGib, formatHours, formatMoney } from './costFormat';

export const KIND_LABELS: Record<Recommendation['kind'], string> = {
  rightsize: 'Right-size',
  idle_workload: 'Idle workload',
  unclaimed_pvc: 'Unclaimed volume claim',
  unbound_pv: 'Volume with no claim',
  underused_node: 'Underused node',
};

export function targetOf(rec: Recommendation): string {
  const path = rec.namespace ? `${rec.namespace}/${rec.target_name}` : rec.target_name;
  return rec.container && rec.container !== rec.target_name ? `${path} (container ${rec.container})` : path;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Box component="tr">
      <Typography component="th" scope="row" variant="body2" color="text.secondary" sx={{ textAlign: 'left', pr: 2, fontWeight: 400 }}>{label}</Typography>
      <Typography component="td" variant="body2">{children}</Typography>
    </Box>
  );
}

function Resources({ rec }: { rec: Recommendation }) {
  if (!rec.current || !rec.recommended) return null;
  if (rec.status === 'applied') {
    // Once applied, "current" is the new request: one figure says it.
    return (
      <Box component="table" sx={{ borderCollapse: 'collapse', my: 1 }} aria-label="Requests">
        <tbody>
          <Row label="CPU request now">{formatCores(rec.recommended.cpu_cores)}</Row>
          <Row label="Memory request now">{formatGib(rec.recommended.memory_gib)}</Row>
        </tbody>
      </Box>
    );
  }
  return (
    <Box component="table" sx={{ borderCollapse: 'collapse', my: 1 }} aria-label="Requests">
      <tbody>
        <Row label="CPU request">{formatCores(rec.current.cpu_cores)} → <b>{formatCores(rec.recommended.cpu_cores)}</b></Row>
        <Row label="Memory request">{formatGib(rec.current.memory_gib)} → <b>{formatGib(rec.recommended.memory_gib)}</b></Row>
      </tbody>
    </Box>
  );
}

function evidenceText(rec: Recommendation): string {
  const e = rec.evidence;
  const parts = [`${e.samples.toLocaleString()} samples over ${formatHours(e.window_hours)}`];
  if (e.cpu_p95_cores !== null && e.cpu_p95_cores !== undefined) parts.push(`CPU p95 ${formatCores(e.cpu_p95_cores)}`);
  if (e.cpu_peak_cores !== null && e.cpu_peak_cores !== undefined) parts.push(`CPU peak ${formatCores(e.cpu_peak_cores)}`);
  if (e.memory_peak_gib !== null && e.memory_peak_gib !== undefined) parts.push(`memory peak ${formatGib(e.memory_peak_gib)}`);
  return parts.join(' · ');
}

/** A right-sizing may also raise requests (usage above them): that costs more, not less. */
function Saving({ rec, currency }: { rec: Recommendation; currency: string }) {
  const amount = rec.monthly_saving;
  if (rec.status === 'applied' && amount <= 0) return null;
  const applied = rec.status === 'applied';
  const text = amount >= 0
    ? `${applied ? 'Saves' : 'Could save'} ${formatMoney(amount, currency)} per month`
    : `${applied ? 'Costs' : 'Would cost'} ${formatMoney(-amount, currency)} more per month (usage is above the requests)`;
  return (
    <Typography variant="h6" component="p" sx={{ mt: 1, color: amount > 0 ? 'success.main' : amount < 0 ? 'warning.main' : 'text.primary' }}>
      {text}
    </Typography>
  );
}

const STATUS: Record<Recommendation['status'], { label: string; color: 'success' | 'default' | 'info' }> = {
  applied: { label: 'Applied', color: 'success' },
  not_enough_data: { label: 'Not enough data', color: 'default' },
  open: { label: 'Open', color: 'info' },
};

export function RecommendationCard({ rec, currency, fleet, canApply, onApply }: {
  rec: Recommendation; currency: string; fleet: boolean; canApply: boolean; onApply: () => void;
}) {
  const status = STATUS[rec.status];
  const name = `${KIND_LABELS[rec.kind]}: ${targetOf(rec)}`;
  return (
    <Card variant="outlined" component="section" aria-label={name}
      sx={{ display: 'flex', flexDirection: 'column', borderColor: rec.status === 'applied' ? 'success.main' : undefined }}>
      <CardContent sx={{ flex: 1, pb: 1 }}>
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5 }}>
          <Chip size="small" variant="outlined" label={KIND_LABELS[rec.kind]} />
          <Chip size="small" color={status.color} label={status.label} />
          {fleet ? <Chip size="small" variant="outlined" label={rec.cluster_id} /> : null}
        </Stack>
        <Typography variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>{rec.title}</Typography>
        <Typography variant="body2" color="text.secondary">{rec.target_kind} {targetOf(rec)}</Typography>
        <Resources rec={rec} />
        <Typography variant="body2" sx={{ mt: 0.5 }}>{rec.detail}</Typography>
        <Saving rec={rec} currency={currency} />
        <Typography variant="caption" color="text.secondary" component="p">
          Evidence: {evidenceText(rec)}{rec.evidence.note ? ` — ${rec.evidence.note}` : ''}
        </Typography>
      </CardContent>
      {canApply ? (
        <CardActions sx={{ px: 2, pb: 1.5 }}>
          <Button variant="contained" size="small" onClick={onApply}>Apply</Button>
        </CardActions>
      ) : null}
    </Card>
  );
}
