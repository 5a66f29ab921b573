// "Download CSV" for a cost table: the server renders the CSV (same rows and window as the
// table), the browser saves it.
import { useState } from 'react';
import { Button } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { errorMessage } from '../../services/api';
import { costApi, type CostPeriod, type CostTable } from '../../services/endpoints/cost';
import { useToast } from '../common/Toasts';

export function CsvButton({ table, scope, period, namespace, query = {}, label }: {
  table: CostTable; scope: string; period: CostPeriod; namespace?: string;
  /** more query parameters of the table (`aggregate=label:team`) */
  query?: Record<string, string>; label: string;
}) {
  const notify = useToast();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const blob = await costApi.csv(table, scope, period, namespace, query);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      const parts = [table, scope, namespace, ...Object.values(query), period].filter(Boolean);
      link.download = `kubedeck-cost-${parts.join('-').replace(/[^A-Za-z0-9._-]+/g, '-')}.csv`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      notify(errorMessage(e), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size="small" variant="outlined" startIcon={<DownloadIcon />} disabled={busy}
      aria-label={label} onClick={() => void download()}>
      CSV
    </Button>
  );
}
