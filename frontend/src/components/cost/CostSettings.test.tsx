import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { signedIn } from '../../test/fixtures';
import { renderWithApp } from '../../test/render';
import { server } from '../../test/server';
import { CostSettings } from './CostSettings';
import { costHandlers, settings } from './costFixtures';
import { fromForm, toForm } from './settingsForm';

function renderSettings() {
  signedIn();
  const puts: unknown[] = [];
  server.use(...costHandlers('admin'),
    http.get('/api/v1/cost/settings', () => HttpResponse.json(settings())),
    http.put('/api/v1/cost/settings', async ({ request }) => {
      const body = await request.json();
      puts.push(body);
      return HttpResponse.json({ ...settings(), ...(body as object) });
    }));
  renderWithApp(<CostSettings scope="alpha" />, { route: '/c/alpha/cost?tab=settings' });
  return puts;
}

async function retype(label: string, value: string) {
  const input = screen.getByLabelText(label);
  await userEvent.clear(input);
  if (value) await userEvent.type(input, value);
}

describe('CostSettings', () => {
  it('shows the unit next to every price', async () => {
    renderSettings();
    await screen.findByRole('form', { name: 'Cost settings' });
    for (const unit of ['per core-hour', 'per GiB-hour', 'per GiB-month', 'per GiB', '% off spot nodes']) {
      expect(screen.getByText(unit)).toBeInTheDocument();
    }
    expect(screen.getByLabelText('CPU price')).toHaveValue(0.031);
    expect(screen.getByText(/samples every 300 seconds/)).toBeInTheDocument();
  });

  it('refuses negative prices without calling the server', async () => {
    const puts = renderSettings();
    await screen.findByRole('form', { name: 'Cost settings' });
    await retype('Memory price', '-1');
    await retype('Headroom', '5');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Must not be negative')).toBeInTheDocument();
    expect(screen.getByText('Must be at most 3')).toBeInTheDocument();
    expect(screen.getByText('2 fields need fixing before saving.')).toBeInTheDocument();
    expect(puts).toEqual([]);
  });

  it('saves prices, a cluster override and an instance price, then confirms', async () => {
    const puts = renderSettings();
    await screen.findByRole('form', { name: 'Cost settings' });
    await retype('CPU price', '0.05');
    await retype('Spot discount', '60');
    await userEvent.click(screen.getByRole('switch', { name: 'Own prices for BETA' }));
    await retype('BETA: CPU price', '0.02');
    await userEvent.click(screen.getByRole('button', { name: 'Add instance type' }));
    await userEvent.type(screen.getByLabelText('Instance type 1'), 'm5.xlarge');
    await retype('Instance type 1 price', '0.192');
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('Cost settings saved')).toBeInTheDocument();
    expect(puts).toHaveLength(1);
    const body = puts[0] as { pricing: Record<string, unknown>; cluster_overrides: Record<string, { cpu_per_core_hour: number }> };
    expect(body.pricing).toMatchObject({ cpu_per_core_hour: 0.05, spot_discount: 0.6, instance_types: { 'm5.xlarge': 0.192 } });
    expect(body.cluster_overrides.beta?.cpu_per_core_hour).toBe(0.02);
    expect(body.cluster_overrides.alpha).toBeUndefined();
  });

  it('shows the server\'s error when it refuses', async () => {
    renderSettings();
    server.use(http.put('/api/v1/cost/settings', () => HttpResponse.json(
      { error: 'ValidationError', detail: 'body.currency: String should have at most 8 characters', request_id: null },
      { status: 422 })));
    await screen.findByRole('form', { name: 'Cost settings' });
    await userEvent.click(screen.getByRole('button', { name: 'Save settings' }));
    expect(await screen.findByText('body.currency: String should have at most 8 characters')).toBeInTheDocument();
  });
});

describe('settings form conversion', () => {
  it('round-trips the API body and catches every limit', () => {
    const pricing = settings().pricing!;
    const form = toForm(settings({ pricing: { ...pricing, spot_discount: 0.25, instance_types: { big: 1.5 } } }));
    expect(form.pricing.spot).toBe('25');
    const ok = fromForm(form);
    expect(ok.errors).toEqual({});
    expect(ok.body?.pricing?.spot_discount).toBe(0.25);
    expect(ok.body?.pricing?.instance_types).toEqual({ big: 1.5 });
    const bad = fromForm({
      ...form, currency: '', minSamples: '1.5', hourlyDays: '731',
      pricing: { ...form.pricing, spot: '101', instances: [{ type: 'a', price: '1' }, { type: 'a', price: 'x' }] },
    });
    expect(bad.body).toBeNull();
    expect(bad.errors).toEqual({
      currency: 'One to eight characters, e.g. USD', minSamples: 'Must be a whole number',
      hourlyDays: 'Must be at most 730', 'pricing.spot': 'Must be at most 100',
      'pricing.instances.1.type': 'Listed twice', 'pricing.instances.1.price': 'Not a number',
    });
  });
});
