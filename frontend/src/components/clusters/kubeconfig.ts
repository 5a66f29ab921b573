// Just enough kubeconfig reading to offer its contexts in a picker (the server parses it for
// real; a file we cannot read here still goes to the server, which says what is wrong).

export interface KubeconfigSummary {
  contexts: string[];
  currentContext: string | null;
}

export function readKubeconfig(text: string): KubeconfigSummary {
  const contexts: string[] = [];
  let currentContext: string | null = null;
  let inContexts = false;
  let itemIndent = -1;
  for (const line of text.split(/\r?\n/)) {
    const top = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
    if (top) {
      inContexts = top[1] === 'contexts';
      itemIndent = -1;
      if (top[1] === 'current-context') currentContext = unquote(top[2] ?? '') || null;
      continue;
    }
    if (!inContexts) continue;
    // A list item starts with "- "; its keys sit at the dash's indentation + 2. The context's
    // `name` is one of those keys (the nested `context:` mapping has no name).
    const dash = /^(\s*)-\s+(.*)$/.exec(line);
    if (dash) {
      itemIndent = (dash[1]?.length ?? 0) + 2;
      const named = /^name:\s*(.+)$/.exec(dash[2] ?? '');
      if (named?.[1]) contexts.push(unquote(named[1]));
      continue;
    }
    const key = /^(\s*)name:\s*(.+)$/.exec(line);
    if (key && key[1]?.length === itemIndent && key[2]) contexts.push(unquote(key[2]));
  }
  return { contexts: [...new Set(contexts)], currentContext };
}

function unquote(value: string): string {
  return value.trim().replace(/^["']|["']$/g, '');
}
