import { describe, expect, it } from 'vitest';
import {
  fieldProblem, lineColumn, parseScalar, readTopLevel, simpleFields, toYaml, writeTopLevel,
} from './values';
import { HELLO } from './helmTestData';

describe('top-level scalars in values YAML', () => {
  const text = '# pods\nreplicaCount: 2 # two\ngreeting: "a # b"\nimage:\n  tag: x\nflag: true\nname: plain text\n';

  it('reads one-line scalars, not blocks or nested keys', () => {
    expect(readTopLevel(text, 'replicaCount')).toBe(2);
    expect(readTopLevel(text, 'greeting')).toBe('a # b');
    expect(readTopLevel(text, 'flag')).toBe(true);
    expect(readTopLevel(text, 'name')).toBe('plain text');
    expect(readTopLevel(text, 'image')).toBeUndefined();
    expect(readTopLevel(text, 'tag')).toBeUndefined();
    expect(readTopLevel(text, 'missing')).toBeUndefined();
  });

  it('writes in place keeping the comment, appends, and removes', () => {
    const changed = writeTopLevel(text, 'replicaCount', 5);
    expect(changed).toContain('replicaCount: 5 # two\n');
    expect(writeTopLevel('a: 1', 'greeting', 'hi: "x"')).toBe('a: 1\ngreeting: "hi: \\"x\\""\n');
    expect(readTopLevel(writeTopLevel('', 'greeting', 'hi: "x"'), 'greeting')).toBe('hi: "x"');
    expect(writeTopLevel(text, 'flag', undefined)).not.toContain('flag:');
  });

  it('parses YAML core-schema scalars', () => {
    expect(parseScalar('1.5')).toBe(1.5);
    expect(parseScalar('~')).toBeNull();
    expect(parseScalar("'it''s'")).toBe("it's");
    expect(parseScalar('False')).toBe(false);
  });
});

describe('schema fields', () => {
  it('takes the simple top-level fields and checks values by their rules', () => {
    const fields = simpleFields(HELLO.schema);
    expect(fields.map((f) => f.key)).toEqual(['replicaCount', 'greeting']);
    const replicas = fields[0]!;
    expect(replicas.required).toBe(true);
    expect(fieldProblem(replicas, 11)).toBe('must be at most 10');
    expect(fieldProblem(replicas, 1.5)).toBe('must be a whole number');
    expect(fieldProblem(replicas, 3)).toBeNull();
    expect(fieldProblem(fields[1]!, '')).toBe('must be at least 1 characters');
  });
});

describe('toYaml', () => {
  it('dumps nested values as block YAML with ambiguous strings quoted', () => {
    expect(toYaml({ a: 1, b: { c: 'x', d: ['1', true] }, e: [], f: [{ g: null, h: 'y' }] })).toBe(
      'a: 1\nb:\n  c: x\n  d:\n    - "1"\n    - true\ne: []\nf:\n  - g: null\n    h: y',
    );
  });
});

it('lineColumn counts from 1', () => {
  expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
});
