// Values for an install or upgrade: the schema's simple fields as a form, the YAML editor (the
// form and the editor edit the same text), and the chart's defaults to look at or start from.
import { useMemo, useState } from 'react';
import { Box, Button, Collapse, Stack, Typography } from '@mui/material';
import type { ChartInfo, ValuesProblem } from '../../services/endpoints/helm';
import { preSx } from './ChartDetails';
import { ValuesEditor } from './LazyValuesEditor';
import { SchemaForm } from './SchemaForm';
import { simpleFields } from './values';

export function ConfigureValues({ chart, text, onChange, problem, label = 'Values' }: {
  chart: ChartInfo; text: string; onChange: (text: string) => void; problem: ValuesProblem | null; label?: string;
}) {
  const [showDefaults, setShowDefaults] = useState(false);
  const fields = useMemo(() => simpleFields(chart.schema), [chart.schema]);
  return (
    <Box>
      {fields.length ? (
        <>
          <Typography variant="subtitle2" sx={{ mb: 1 }}>Settings from the chart's schema</Typography>
          <SchemaForm fields={fields} text={text} defaults={chart.values} onChange={onChange} />
        </>
      ) : null}
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1 }}>
        <Typography variant="subtitle2">Your values (YAML): what you set here overrides the chart's defaults</Typography>
        <Box sx={{ flex: 1 }} />
        <Button size="small" onClick={() => setShowDefaults((s) => !s)} aria-expanded={showDefaults}>
          {showDefaults ? 'Hide chart defaults' : 'Show chart defaults'}
        </Button>
        <Button size="small" onClick={() => onChange(chart.values_yaml)} disabled={!chart.values_yaml}>Start from defaults</Button>
      </Stack>
      <Collapse in={showDefaults}>
        <Box component="pre" aria-label="Chart defaults" tabIndex={0} sx={{ ...preSx, mb: 1, maxHeight: '30vh' }}>{chart.values_yaml}</Box>
      </Collapse>
      <ValuesEditor value={text} onChange={onChange} problem={problem} label={label} height="30vh" />
    </Box>
  );
}
