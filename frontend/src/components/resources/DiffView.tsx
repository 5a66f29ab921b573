// A unified diff with added/removed lines coloured.
import { Box } from '@mui/material';

function lineColour(line: string): string | undefined {
  if (line.startsWith('+++') || line.startsWith('---')) return 'text.secondary';
  if (line.startsWith('+')) return 'success.main';
  if (line.startsWith('-')) return 'error.main';
  if (line.startsWith('@@')) return 'info.main';
  return undefined;
}

export function DiffView({ diff, label }: { diff: string; label: string }) {
  const lines = diff.replace(/\n$/, '').split('\n');
  return (
    <Box component="pre" aria-label={label} tabIndex={0} sx={{
      m: 0, p: 1, border: 1, borderColor: 'divider', borderRadius: 1, overflow: 'auto',
      maxHeight: '50vh', fontSize: 12, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace',
    }}>
      {lines.map((line, i) => (
        <Box component="span" key={i} data-diff={line.startsWith('+') && !line.startsWith('+++') ? 'added'
          : line.startsWith('-') && !line.startsWith('---') ? 'removed' : undefined}
          sx={{ display: 'block', color: lineColour(line),
            bgcolor: lineColour(line) === 'success.main' ? 'rgba(46,160,67,0.12)'
              : lineColour(line) === 'error.main' ? 'rgba(248,81,73,0.12)' : undefined }}>
          {line || ' '}
        </Box>
      ))}
    </Box>
  );
}
