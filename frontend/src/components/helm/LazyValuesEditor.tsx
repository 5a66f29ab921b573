// The values editor behind React.lazy: CodeMirror loads only when a page shows values.
import { lazy, Suspense } from 'react';
import { LoadingRows } from '../common/States';
import type { ValuesEditorProps } from './ValuesEditor';

const Editor = lazy(() => import('./ValuesEditor'));

export function ValuesEditor(props: ValuesEditorProps) {
  return (
    <Suspense fallback={<LoadingRows rows={6} label="Loading the values editor" />}>
      <Editor {...props} />
    </Suspense>
  );
}
