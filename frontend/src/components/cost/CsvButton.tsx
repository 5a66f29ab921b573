// "Download CSV" for a cost table: the server renders the CSV (same rows and window as the
// table), the browser saves it.
import { useState } from 'react';
import { Button } from '@mui/material';
import DownloadIcon from '@mui/icons-material/Download';
import { errorMessage } from '../../services/api';
import { costApi, type CostPeriod, type CostTable } from '../../services/endpoints/cost';
import { useToast } from '../common/Toasts';

export function CsvButton({ table, scope, period, namespace, label }: {
  table: CostTable; scope: string; period: CostPeriod; namespace?: string; label: string;
}) {
  const notify = useToast();
  const [busy, setBusy] = useState(false);
  const download = async () => {
    setBusy(true);
    try {
      const blob = await costApi.csv(table, scope, period, namespace);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = `kubedeck-cost-${[table, scope, namespace, period].filter(Boolean).join('-')}.csv`;
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
