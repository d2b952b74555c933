// An organisation's own notification texts: "{{name}}" placeholders, checked against what the sender
// supplies for that template, and filled in the same way on the server (sending) and in the web (preview).

const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;

export type PlaceholderProblem =
  | { kind: 'unknown'; name: string }
  | { kind: 'missing'; name: string }
  | { kind: 'malformed'; fragment: string };

export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((match) => match[1] as string);
}

/** Unknown placeholders, required ones left out, and braces that do not form a placeholder. */
export function placeholderProblems(
  text: string,
  opts: { allowed: readonly string[]; required?: readonly string[] },
): PlaceholderProblem[] {
  const problems: PlaceholderProblem[] = [];
  const used = placeholdersIn(text);
  for (const name of new Set(used)) {
    if (!opts.allowed.includes(name)) problems.push({ kind: 'unknown', name });
  }
  for (const name of opts.required ?? []) {
    if (!used.includes(name)) problems.push({ kind: 'missing', name });
  }
  const leftover = text.replace(PLACEHOLDER, '');
  const stray = /\{\{[^}]*\}?\}?|\}\}/.exec(leftover);
  if (stray) problems.push({ kind: 'malformed', fragment: stray[0].slice(0, 40) });
  return problems;
}

export function fillPlaceholders(text: string, vars: Record<string, string | number>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}
