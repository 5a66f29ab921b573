/** Split a command line into arguments like a POSIX shell would (quotes and backslashes,
 *  no expansion). Throws on an unclosed quote. */
export function splitArgs(line: string): string[] {
  const args: string[] = [];
  let current = '';
  let inArg = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i]!;
    if (quote === "'") {
      if (ch === "'") quote = null; else current += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = null;
      else if (ch === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) { current += line[i + 1]; i += 1; }
      else current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch; inArg = true;
    } else if (ch === '\\' && i + 1 < line.length) {
      current += line[i + 1]; i += 1; inArg = true;
    } else if (/\s/.test(ch)) {
      if (inArg) { args.push(current); current = ''; inArg = false; }
    } else {
      current += ch; inArg = true;
    }
  }
  if (quote) throw new Error(`Unclosed ${quote === '"' ? 'double' : 'single'} quote`);
  if (inArg) args.push(current);
  return args;
}
