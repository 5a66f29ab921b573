import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import './cmStubs';
import ValuesEditor, { syntaxErrors } from './ValuesEditor';

describe('values editor lint', () => {
  it("finds YAML syntax errors with line and column, and none in good YAML", () => {
    expect(syntaxErrors('replicaCount: 1\ngreeting: "hi"\nimage:\n  tag: "1.2"\n')).toEqual([]);
    expect(syntaxErrors('a: 1\n  b: 2\n')).toEqual([{ line: 2, column: 4, message: 'YAML syntax error' }]);
    expect(syntaxErrors('a: 1\nb: [1, 2\nc: 3\n')).not.toEqual([]); // an unclosed flow sequence
  });

  it('lists the syntax error and the server\'s schema violations, and marks their lines', async () => {
    render(<ValuesEditor label="Values" value={'a: 1\n  b: 2\n'} problem={{
      message: "values don't meet the schema", line: null, column: null,
      violations: ["at '/replicaCount': 'x' is not of type 'integer'"],
    }} />);
    const list = await screen.findByRole('list', { name: 'Values problems' }, { timeout: 3000 });
    expect(within(list).getByText(/^Line 2, column 4: YAML syntax error$/)).toBeInTheDocument();
    expect(within(list).getByText("Schema: at '/replicaCount': 'x' is not of type 'integer'")).toBeInTheDocument();
    expect(document.querySelectorAll('.cm-values-error')).toHaveLength(1);
  });

  it("shows the server's parse error at its line", async () => {
    render(<ValuesEditor label="Values" value={'a: 1\nb: 2\n'} problem={{
      message: 'values YAML is invalid at line 2, column 3: mapping values are not allowed here',
      line: 2, column: 3, violations: [],
    }} />);
    expect(await screen.findByText('values YAML is invalid at line 2, column 3: mapping values are not allowed here')).toBeInTheDocument();
    expect(document.querySelector('.cm-values-error')).toHaveAttribute('title', expect.stringContaining('line 2'));
  });
});
