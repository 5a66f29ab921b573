// The install wizard: chart and version → values (schema form + YAML editor) → review (release
// name, namespace, and a dry run's rendered manifest) → deploy, following the tracked operation to its end and the chart's notes.
// Values the backend refuses (bad YAML, schema violations) bring the person back to the values.
import { useState } from 'react';
import {
  Alert, Box, Breadcrumbs, Button, Link, Stack, Step, StepLabel, Stepper, Typography,
} from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Link as RouterLink, useSearchParams } from 'react-router';
import { useClusters } from '../../contexts/ClusterContext';
import { errorMessage } from '../../services/api';
import {
  helmApi, helmKeys, valuesProblem, type HelmOperation, type ValuesProblem,
} from '../../services/endpoints/helm';
import { ErrorState, LoadingRows } from '../common/States';
import { useNamespace } from '../common/useNamespace';
import { ConfigureValues } from './ConfigureValues';
import { ChartStep, ReviewStep, targetReady, type Target } from './InstallSteps';
import { OperationProgress } from './OperationProgress';
import { helmUrl, releaseUrl } from './paths';

const STEPS = ['Chart', 'Values', 'Review', 'Deploy'];

export function InstallChart() {
  const { activeCluster } = useClusters();
  const clusterId = activeCluster?.id ?? '';
  const [params] = useSearchParams();
  const [headerNamespace] = useNamespace(clusterId);
  const [step, setStep] = useState(0);
  const [chart, setChart] = useState(params.get('chart') ?? '');
  const [version, setVersion] = useState(params.get('version') ?? '');
  const [values, setValues] = useState('');
  const [problem, setProblem] = useState<ValuesProblem | null>(null);
  const [target, setTarget] = useState<Target>({
    releaseName: (params.get('chart') ?? '').split('/').pop() ?? '', namespace: headerNamespace || 'default', createNamespace: false,
  });
  const [deployError, setDeployError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [operation, setOperation] = useState<string | null>(null);
  const [finished, setFinished] = useState<HelmOperation | null>(null);
  const chartOk = chart.startsWith('oci://') || /^[^/\s]+\/[^/\s]+$/.test(chart);
  const info = useQuery({
    queryKey: helmKeys.chart(chart, version || null),
    queryFn: () => helmApi.chartInfo(chart, version || null),
    enabled: chartOk && step >= 1,
  });

  const pickChart = (next: string) => {
    if (next === chart) return;
    setChart(next);
    setVersion('');
    if (!target.releaseName || target.releaseName === chart.split('/').pop()) {
      setTarget((t) => ({ ...t, releaseName: next.split('/').pop()?.split(':')[0] ?? '' }));
    }
  };
  const editValues = (text: string) => {
    setValues(text);
    setProblem(null);
  };
  const deploy = async () => {
    if (!info.data) return;
    setBusy(true);
    setDeployError(null);
    try {
      const op = await helmApi.install(clusterId, {
        release_name: target.releaseName, chart, version: info.data.version, namespace: target.namespace,
        create_namespace: target.createNamespace, values_yaml: values,
      });
      setOperation(op.id);
      setStep(3);
    } catch (e) {
      const refused = valuesProblem(e);
      if (refused) {
        setProblem(refused);
        setStep(1);
      } else {
        setDeployError(errorMessage(e));
      }
    } finally {
      setBusy(false);
    }
  };

  const nextDisabled = step === 0 ? !chartOk : step === 1 ? !info.data : !targetReady(target) || busy;
  return (
    <Box>
      <Breadcrumbs aria-label="Breadcrumb" sx={{ mb: 1 }}>
        <Link component={RouterLink} to={helmUrl(clusterId)} underline="hover">Helm</Link>
        <Typography color="text.primary">Install a chart</Typography>
      </Breadcrumbs>
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>Install a chart</Typography>
      <Stepper activeStep={step} sx={{ mb: 3 }} aria-label="Install steps">
        {STEPS.map((label) => <Step key={label}><StepLabel>{label}</StepLabel></Step>)}
      </Stepper>
      {step === 0 ? <ChartStep chart={chart} version={version} onChart={pickChart} onVersion={setVersion} /> : null}
      {step === 1 && info.isPending ? <LoadingRows rows={6} label="Loading the chart" /> : null}
      {step === 1 && info.isError ? <ErrorState error={info.error} title={`Could not load ${chart}`} /> : null}
      {step === 1 && info.data ? (
        <ConfigureValues chart={info.data} text={values} onChange={editValues} problem={problem} />
      ) : null}
      {step === 2 && info.data ? (
        <ReviewStep cluster={clusterId} info={info.data} target={target} onTarget={setTarget} values={values} />
      ) : null}
      {step === 3 && operation ? <OperationProgress id={operation} onFinished={setFinished} /> : null}
      {deployError ? <Alert severity="error" sx={{ mt: 2, whiteSpace: 'pre-wrap' }}>{deployError}</Alert> : null}
      <Stack direction="row" spacing={1} sx={{ mt: 3 }}>
        {step > 0 && step < 3 ? <Button onClick={() => { setDeployError(null); setStep(step - 1); }}>Back</Button> : null}
        {step < 2 ? <Button variant="contained" disabled={nextDisabled} onClick={() => setStep(step + 1)}>Next</Button> : null}
        {step === 2 ? <Button variant="contained" disabled={nextDisabled} onClick={() => void deploy()}>{busy ? 'Deploying…' : 'Deploy'}</Button> : null}
        {step === 3 && finished?.status === 'succeeded' ? (
          <Button variant="contained" component={RouterLink} to={releaseUrl(clusterId, target.namespace, target.releaseName)}>Open release</Button>
        ) : null}
        {step === 3 && finished && finished.status !== 'succeeded' ? <Button onClick={() => { setOperation(null); setFinished(null); setStep(2); }}>Back to review</Button> : null}
      </Stack>
    </Box>
  );
}
