// The settings form's state (numbers as typed text) and its conversion to and from the API,
// with the same limits the server enforces (schemas/cost.py), so mistakes are caught on the
// field rather than as a 422 after Save.
import type { CostSettings, CostSettingsUpdate, Pricing } from '../../services/endpoints/cost';

export interface InstancePrice { type: string; price: string }
export interface PricingForm {
  cpu: string; memory: string; storage: string; egress: string;
  /** percent off on spot nodes (the API takes a fraction) */
  spot: string;
  instances: InstancePrice[];
}
export interface SettingsForm {
  currency: string;
  pricing: PricingForm;
  /** by cluster id; absent = the cluster uses the global prices */
  overrides: Record<string, PricingForm>;
  shareIdle: boolean;
  headroom: string;
  minSamples: string;
  hourlyDays: string;
}
/** Field path (e.g. "pricing.cpu", "overrides.alpha.instances.0.price") → message. */
export type FormErrors = Record<string, string>;

const num = (n: number) => String(n);

// The schema's defaults, for a body that leaves `pricing` out (the server always sends it).
const DEFAULT_PRICING: Pricing = {
  cpu_per_core_hour: 0.031, memory_per_gb_hour: 0.004, storage_per_gb_month: 0.1,
  network_egress_per_gb: 0.12, spot_discount: 0, instance_types: {},
};

export function pricingToForm(p: Pricing = DEFAULT_PRICING): PricingForm {
  return {
    cpu: num(p.cpu_per_core_hour), memory: num(p.memory_per_gb_hour),
    storage: num(p.storage_per_gb_month), egress: num(p.network_egress_per_gb),
    spot: num(Number((p.spot_discount * 100).toFixed(4))),
    instances: Object.entries(p.instance_types ?? {}).map(([type, price]) => ({ type, price: num(price) })),
  };
}

export function toForm(s: CostSettings): SettingsForm {
  return {
    currency: s.currency,
    pricing: pricingToForm(s.pricing),
    overrides: Object.fromEntries(Object.entries(s.cluster_overrides ?? {}).map(([id, p]) => [id, pricingToForm(p)])),
    shareIdle: s.share_idle,
    headroom: num(s.headroom), minSamples: num(s.min_samples),
    hourlyDays: num(s.retention_hourly_days),
  };
}

/** A number within [min, max] (integer when asked), or an error message. */
function parse(text: string, { min, max, integer = false }: { min: number; max?: number; integer?: boolean }): number | string {
  if (text.trim() === '') return 'Required';
  const value = Number(text);
  if (!Number.isFinite(value)) return 'Not a number';
  if (value < 0 && min >= 0) return 'Must not be negative';
  if (integer && !Number.isInteger(value)) return 'Must be a whole number';
  if (value < min) return `Must be at least ${min}`;
  if (max !== undefined && value > max) return `Must be at most ${max}`;
  return value;
}

class Collector {
  errors: FormErrors = {};
  take(path: string, text: string, limits: { min: number; max?: number; integer?: boolean }): number {
    const result = parse(text, limits);
    if (typeof result === 'string') {
      this.errors[path] = result;
      return 0;
    }
    return result;
  }
}

function pricingFromForm(form: PricingForm, at: string, c: Collector): Pricing {
  const instanceTypes: Record<string, number> = {};
  form.instances.forEach((row, i) => {
    const type = row.type.trim();
    if (!type) c.errors[`${at}.instances.${i}.type`] = 'Required';
    else if (type in instanceTypes) c.errors[`${at}.instances.${i}.type`] = 'Listed twice';
    instanceTypes[type] = c.take(`${at}.instances.${i}.price`, row.price, { min: 0 });
  });
  return {
    cpu_per_core_hour: c.take(`${at}.cpu`, form.cpu, { min: 0 }),
    memory_per_gb_hour: c.take(`${at}.memory`, form.memory, { min: 0 }),
    storage_per_gb_month: c.take(`${at}.storage`, form.storage, { min: 0 }),
    network_egress_per_gb: c.take(`${at}.egress`, form.egress, { min: 0 }),
    spot_discount: c.take(`${at}.spot`, form.spot, { min: 0, max: 100 }) / 100,
    instance_types: instanceTypes,
  };
}

/** The PUT body, or the errors to show next to the fields. */
export function fromForm(form: SettingsForm): { body: CostSettingsUpdate | null; errors: FormErrors } {
  const c = new Collector();
  const currency = form.currency.trim();
  if (currency.length < 1 || currency.length > 8) c.errors.currency = 'One to eight characters, e.g. USD';
  const body: CostSettingsUpdate = {
    currency,
    pricing: pricingFromForm(form.pricing, 'pricing', c),
    cluster_overrides: Object.fromEntries(Object.entries(form.overrides)
      .map(([id, p]) => [id, pricingFromForm(p, `overrides.${id}`, c)])),
    share_idle: form.shareIdle,
    headroom: c.take('headroom', form.headroom, { min: 1, max: 3 }),
    min_samples: c.take('minSamples', form.minSamples, { min: 1, max: 100000, integer: true }),
    retention_hourly_days: c.take('hourlyDays', form.hourlyDays, { min: 1, max: 730, integer: true }),
  };
  return Object.keys(c.errors).length ? { body: null, errors: c.errors } : { body, errors: {} };
}
