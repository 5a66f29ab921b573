// Helm values in CodeMirror (YAML), loaded on demand. Lint: YAML syntax errors found by the
// editor's own YAML parser as you type, and the backend's verdict (a parse error with line and
// column, or every schema violation) when it refused the values; error lines are marked.
import { useMemo } from 'react';
import { Alert, Box, List, ListItem, ListItemText } from '@mui/material';
import CodeMirror, { Decoration, EditorView, type Extension, type Range } from '@uiw/react-codemirror';
import { yaml as yamlLanguageSupport, yamlLanguage } from '@codemirror/lang-yaml';
import { useDebounced } from '../../hooks/useDebounced';
import type { ValuesProblem } from '../../services/endpoints/helm';
import { lineColumn } from './values';

export interface ValuesEditorProps {
  value: string;
  onChange?: (value: string) => void;
  /** what the backend said about these values (a 422), if anything */
  problem?: ValuesProblem | null;
  label: string;
  height?: string;
  readOnly?: boolean;
}

interface Lint { line: number; column: number; message: string }

/** Syntax errors of the YAML parser behind the editor's highlighting (first per line). */
export function syntaxErrors(text: string): Lint[] {
  const found = new Map<number, Lint>();
  yamlLanguage.parser.parse(text).iterate({
    enter: (node) => {
      if (!node.type.isError) return;
      const { line, column } = lineColumn(text, node.from);
      if (!found.has(line)) found.set(line, { line, column, message: 'YAML syntax error' });
    },
  });
  return [...found.values()];
}

const errorTheme = EditorView.theme({
  '.cm-values-error': { backgroundColor: 'rgba(248,81,73,0.18)' },
});

function markLines(lines: Lint[]): Extension {
  return EditorView.decorations.compute(['doc'], (state) => {
    const marks: Range<Decoration>[] = [];
    for (const lint of [...lines].sort((a, b) => a.line - b.line)) {
      if (lint.line < 1 || lint.line > state.doc.lines) continue;
      const from = state.doc.line(lint.line).from;
      marks.push(Decoration.line({ attributes: { class: 'cm-values-error', title: lint.message } }).range(from));
    }
    return Decoration.set(marks, true);
  });
}

export default function ValuesEditor({ value, onChange, problem, label, height = '40vh', readOnly }: ValuesEditorProps) {
  const settled = useDebounced(value, 300);
  const syntax = useMemo(() => syntaxErrors(settled), [settled]);
  const serverLine = problem?.line ? [{ line: problem.line, column: problem.column ?? 1, message: problem.message }] : [];
  const marked = [...syntax, ...serverLine];
  const key = marked.map((l) => l.line).join(',');
  // Rebuilt only when the marked lines change: a new extension array reconfigures the editor.
  const extensions = useMemo(() => [yamlLanguageSupport(), errorTheme, markLines(marked)], [key]);
  const messages = [
    ...syntax.map((l) => `Line ${l.line}, column ${l.column}: ${l.message}`),
    ...(problem && problem.violations.length === 0 ? [problem.message] : []),
    ...(problem?.violations ?? []).map((v) => `Schema: ${v}`),
  ];
  return (
    <Box>
      <Box role="group" aria-label={label} sx={{ border: 1, borderColor: messages.length ? 'error.main' : 'divider', borderRadius: 1 }}>
        <CodeMirror value={value} height={height} extensions={extensions} editable={!readOnly}
          readOnly={readOnly} onChange={onChange} aria-label={label} basicSetup={{ foldGutter: true }} />
      </Box>
      {messages.length ? (
        <Alert severity="error" sx={{ mt: 1 }} role="alert">
          <List dense disablePadding aria-label="Values problems">
            {messages.map((m) => (
              <ListItem key={m} disableGutters sx={{ py: 0 }}>
                <ListItemText primary={m} slotProps={{ primary: { variant: 'body2', sx: { whiteSpace: 'pre-wrap' } } }} />
              </ListItem>
            ))}
          </List>
        </Alert>
      ) : null}
    </Box>
  );
}
