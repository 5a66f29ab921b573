// Price inputs with their unit next to every number (hourly vs monthly confusion is the most
// common pricing mistake, cost-model.md), used for the global prices and each cluster override.
import {
  Box, Button, IconButton, InputAdornment, Stack, TextField, Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import DeleteOutlineIcon from '@mui/icons-material/DeleteOutline';
import type { FormErrors, InstancePrice, PricingForm } from './settingsForm';

type PriceKey = 'cpu' | 'memory' | 'storage' | 'egress' | 'spot';
const FIELDS: { key: PriceKey; label: string; unit: string; money: boolean }[] = [
  { key: 'cpu', label: 'CPU price', unit: 'per core-hour', money: true },
  { key: 'memory', label: 'Memory price', unit: 'per GiB-hour', money: true },
  { key: 'storage', label: 'Storage price', unit: 'per GiB-month', money: true },
  { key: 'egress', label: 'Network egress price', unit: 'per GiB', money: true },
  { key: 'spot', label: 'Spot discount', unit: '% off spot nodes', money: false },
];

export function PricingFields({ value, onChange, errors, path, currency, namePrefix = '' }: {
  value: PricingForm; onChange: (next: PricingForm) => void; errors: FormErrors;
  /** where this block's errors live: "pricing" or "overrides.<cluster>" */
  path: string; currency: string;
  /** prefixed to every label, so a cluster's fields have names of their own */
  namePrefix?: string;
}) {
  const setInstance = (i: number, row: InstancePrice) =>
    onChange({ ...value, instances: value.instances.map((r, j) => (j === i ? row : r)) });
  return (
    <Box>
      <Box sx={{ display: 'grid', gap: 1.5, gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))' }}>
        {FIELDS.map((f) => (
          <TextField key={f.key} size="small" type="number" label={`${namePrefix}${f.label}`}
            value={value[f.key]} error={Boolean(errors[`${path}.${f.key}`])}
            helperText={errors[`${path}.${f.key}`] ?? ' '}
            onChange={(e) => onChange({ ...value, [f.key]: e.target.value })}
            slotProps={{
              htmlInput: { min: 0, max: f.key === 'spot' ? 100 : undefined, step: 'any' },
              input: {
                startAdornment: f.money ? <InputAdornment position="start">{currency}</InputAdornment> : undefined,
                endAdornment: <InputAdornment position="end">{f.unit}</InputAdornment>,
              },
            }} />
        ))}
      </Box>
      <Typography variant="body2" color="text.secondary" sx={{ mt: 1 }}>
        {namePrefix}Node prices by instance type (label node.kubernetes.io/instance-type); they replace the CPU and memory prices for those nodes.
      </Typography>
      {value.instances.map((row, i) => (
        <Stack key={i} direction="row" spacing={1} sx={{ mt: 1, alignItems: 'flex-start' }}>
          <TextField size="small" label={`${namePrefix}Instance type ${i + 1}`} value={row.type}
            error={Boolean(errors[`${path}.instances.${i}.type`])} helperText={errors[`${path}.instances.${i}.type`] ?? ' '}
            onChange={(e) => setInstance(i, { ...row, type: e.target.value })} />
          <TextField size="small" type="number" label={`${namePrefix}Instance type ${i + 1} price`} value={row.price}
            error={Boolean(errors[`${path}.instances.${i}.price`])} helperText={errors[`${path}.instances.${i}.price`] ?? ' '}
            onChange={(e) => setInstance(i, { ...row, price: e.target.value })}
            slotProps={{
              htmlInput: { min: 0, step: 'any' },
              input: {
                startAdornment: <InputAdornment position="start">{currency}</InputAdornment>,
                endAdornment: <InputAdornment position="end">per node-hour</InputAdornment>,
              },
            }} />
          <IconButton aria-label={`${namePrefix}Remove instance type ${i + 1}`}
            onClick={() => onChange({ ...value, instances: value.instances.filter((_, j) => j !== i) })}>
            <DeleteOutlineIcon />
          </IconButton>
        </Stack>
      ))}
      <Button size="small" startIcon={<AddIcon />} sx={{ mt: 0.5 }}
        onClick={() => onChange({ ...value, instances: [...value.instances, { type: '', price: '' }] })}>
        {namePrefix}Add instance type
      </Button>
    </Box>
  );
}
