// Values helpers with no YAML library (the app has none, and the backend parses values
// authoritatively): the simple top-level fields of a chart's values.schema.json, and reading and
// writing one top-level scalar line (`key: value`) so a form can stay in sync with the YAML text.

export type FieldType = 'string' | 'integer' | 'number' | 'boolean';
export type Scalar = string | number | boolean | null;

export interface SimpleField {
  key: string;
  type: FieldType;
  description?: string;
  enum?: Scalar[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  required: boolean;
}

const FIELD_TYPES = new Set<string>(['string', 'integer', 'number', 'boolean']);
// A key the line editor can find safely: plain YAML keys only (quoted keys are left to the editor).
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}

/** The schema's top-level properties that are one scalar (objects and arrays stay in the YAML). */
export function simpleFields(schema: Record<string, unknown> | null | undefined): SimpleField[] {
  const properties = schema?.properties;
  if (!properties || typeof properties !== 'object') return [];
  const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
  const fields: SimpleField[] = [];
  for (const [key, raw] of Object.entries(properties as Record<string, unknown>)) {
    if (!raw || typeof raw !== 'object' || !PLAIN_KEY.test(key)) continue;
    const spec = raw as Record<string, unknown>;
    if (typeof spec.type !== 'string' || !FIELD_TYPES.has(spec.type)) continue;
    fields.push({
      key,
      type: spec.type as FieldType,
      description: typeof spec.description === 'string' ? spec.description : undefined,
      enum: Array.isArray(spec.enum) ? (spec.enum as Scalar[]) : undefined,
      minimum: asNumber(spec.minimum),
      maximum: asNumber(spec.maximum),
      minLength: asNumber(spec.minLength),
      maxLength: asNumber(spec.maxLength),
      required: required.has(key),
    });
  }
  return fields;
}

/** The value part of a line without a trailing ` # comment` (one inside quotes is kept). */
function splitComment(rest: string): [string, string] {
  let quote: string | null = null;
  for (let i = 0; i < rest.length; i += 1) {
    const c = rest[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || /\s/.test(rest[i - 1] ?? ''))) {
      return [rest.slice(0, i).trimEnd(), rest.slice(i)];
    }
  }
  return [rest.trimEnd(), ''];
}

function lineRegex(key: string): RegExp {
  return new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(?:[ \\t]+(.*))?$`);
}

/** A plain YAML scalar as YAML 1.2's core schema reads it. */
export function parseScalar(text: string): Scalar {
  if (text.startsWith('"')) {
    try {
      return JSON.parse(text) as string;
    } catch {
      return text;
    }
  }
  if (text.startsWith("'") && text.endsWith("'") && text.length > 1) return text.slice(1, -1).replace(/''/g, "'");
  if (text === '' || text === '~' || text === 'null') return null;
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  return text;
}

/**
 * The top-level scalar `key` is set to in `text`: `undefined` when the key is absent or is not a
 * one-line scalar (a block, a mapping, a list), so the form leaves it to the editor.
 */
export function readTopLevel(text: string, key: string): Scalar | undefined {
  const pattern = lineRegex(key);
  for (const line of text.split('\n')) {
    const match = pattern.exec(line.replace(/\r$/, ''));
    if (!match) continue;
    const [value] = splitComment(match[1] ?? '');
    if (value === '' || /^[|>[{&*!]/.test(value)) return undefined;
    return parseScalar(value);
  }
  return undefined;
}

export function formatScalar(value: Scalar): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value); // a YAML double-quoted string
  return String(value);
}

/** `text` with top-level `key` set to `value` (its comment kept), appended when absent;
 * `undefined` removes the line so the chart's default applies again. */
export function writeTopLevel(text: string, key: string, value: Scalar | undefined): string {
  const pattern = lineRegex(key);
  const lines = text.split('\n');
  const index = lines.findIndex((line) => pattern.test(line.replace(/\r$/, '')));
  if (index >= 0) {
    if (value === undefined) {
      lines.splice(index, 1);
      return lines.join('\n');
    }
    const [, comment] = splitComment(pattern.exec(lines[index]!.replace(/\r$/, ''))?.[1] ?? '');
    lines[index] = `${key}: ${formatScalar(value)}${comment ? ` ${comment}` : ''}`;
    return lines.join('\n');
  }
  if (value === undefined) return text;
  const prefix = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  return `${prefix}${key}: ${formatScalar(value)}\n`;
}

/** What is wrong with a form value by the field's own rules (the backend checks everything). */
export function fieldProblem(field: SimpleField, value: Scalar | undefined): string | null {
  if (value === undefined || value === null) return null;
  if (field.enum && !field.enum.includes(value)) return `must be one of ${field.enum.join(', ')}`;
  if (field.type === 'integer' && (typeof value !== 'number' || !Number.isInteger(value))) return 'must be a whole number';
  if (field.type === 'number' && typeof value !== 'number') return 'must be a number';
  if (field.type === 'boolean' && typeof value !== 'boolean') return 'must be true or false';
  if (field.type === 'string' && typeof value !== 'string') return 'must be text';
  if (typeof value === 'number') {
    if (field.minimum !== undefined && value < field.minimum) return `must be at least ${field.minimum}`;
    if (field.maximum !== undefined && value > field.maximum) return `must be at most ${field.maximum}`;
  }
  if (typeof value === 'string') {
    if (field.minLength !== undefined && value.length < field.minLength) return `must be at least ${field.minLength} characters`;
    if (field.maxLength !== undefined && value.length > field.maxLength) return `must be at most ${field.maxLength} characters`;
  }
  return null;
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

/** A plain string YAML reads back as the same string, or a double-quoted one. */
function yamlString(s: string): string {
  const plain = /^[A-Za-z_/][\w ./@:+-]*$/.test(s) && !/[:#]\s|\s$|:$/.test(s) && parseScalar(s) === s;
  return plain ? s : JSON.stringify(s);
}

/** JSON-like data as block YAML, for showing values (the server sends them as objects). */
export function toYaml(value: unknown, indent = ''): string {
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return value.map((item) => {
      const inner = toYaml(item, `${indent}  `);
      return `${indent}- ${typeof item === 'object' && item !== null ? inner.trimStart() : inner}`;
    }).join('\n');
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return entries.map(([k, v]) => {
      const key = `${indent}${yamlString(k)}:`;
      const nested = v !== null && typeof v === 'object' && (Array.isArray(v) ? v.length : Object.keys(v).length);
      return nested ? `${key}\n${toYaml(v, `${indent}  `)}` : `${key} ${toYaml(v, `${indent}  `)}`;
    }).join('\n');
  }
  if (typeof value === 'string') return yamlString(value);
  if (value === null || value === undefined) return 'null';
  return String(value);
}
