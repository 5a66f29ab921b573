// A form for the simple top-level fields of a chart's values.schema.json, kept in sync with
// the values YAML: every field reads its line from the text and writes it back (an emptied field
// removes the line, so the chart's default applies again).
import { Grid, MenuItem, TextField } from '@mui/material';
import {
  fieldProblem, formatScalar, readTopLevel, writeTopLevel, type Scalar, type SimpleField,
} from './values';

const DEFAULT = '__default__';

function fromInput(field: SimpleField, raw: string): Scalar | undefined {
  if (raw === '' || raw === DEFAULT) return undefined;
  if (field.type === 'integer' || field.type === 'number') return Number(raw);
  if (field.type === 'boolean') return raw === 'true';
  if (field.enum) return field.enum.find((v) => String(v) === raw) ?? raw;
  return raw;
}

function helper(field: SimpleField, fallback: unknown, problem: string | null): string {
  if (problem) return `${field.key} ${problem}`;
  const shown = fallback === undefined ? 'not set' : formatScalar(fallback as Scalar);
  return [field.description, `chart default: ${shown}`].filter(Boolean).join(' · ');
}

function FieldInput({ field, text, defaults, onChange }: {
  field: SimpleField; text: string; defaults: Record<string, unknown>; onChange: (text: string) => void;
}) {
  const value = readTopLevel(text, field.key);
  const problem = fieldProblem(field, value);
  const set = (raw: string) => onChange(writeTopLevel(text, field.key, fromInput(field, raw)));
  const common = {
    label: `${field.key}${field.required ? ' *' : ''}`, size: 'small' as const, fullWidth: true,
    error: problem !== null, helperText: helper(field, defaults[field.key], problem),
  };
  if (field.enum || field.type === 'boolean') {
    const options = field.enum ?? [true, false];
    return (
      <TextField {...common} select value={value === undefined || value === null ? DEFAULT : String(value)}
        onChange={(e) => set(e.target.value)}>
        <MenuItem value={DEFAULT}>(chart default)</MenuItem>
        {options.map((o) => <MenuItem key={String(o)} value={String(o)}>{String(o)}</MenuItem>)}
      </TextField>
    );
  }
  const numeric = field.type === 'integer' || field.type === 'number';
  return (
    <TextField {...common} type={numeric ? 'number' : 'text'}
      value={value === undefined || value === null ? '' : String(value)}
      onChange={(e) => set(e.target.value)}
      slotProps={{ htmlInput: numeric ? { min: field.minimum, max: field.maximum, step: field.type === 'integer' ? 1 : 'any' } : {} }} />
  );
}

export function SchemaForm({ fields, text, defaults, onChange }: {
  fields: SimpleField[]; text: string; defaults: Record<string, unknown>; onChange: (text: string) => void;
}) {
  if (fields.length === 0) return null;
  return (
    <Grid container spacing={2} role="group" aria-label="Chart settings" sx={{ mb: 2 }}>
      {fields.map((field) => (
        <Grid key={field.key} size={{ xs: 12, sm: 6 }}>
          <FieldInput field={field} text={text} defaults={defaults} onChange={onChange} />
        </Grid>
      ))}
    </Grid>
  );
}
