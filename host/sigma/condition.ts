// The Sigma condition grammar, in one place.
// Precedence, loosest first: `or` < `and` < `not` < `1 of x` / `all of x` < parentheses.

export type Condition =
  | { kind: 'ref'; name: string }
  | { kind: 'and' | 'or'; items: Condition[] }
  | { kind: 'not'; item: Condition }
  /** `1 of sel*` / `all of them`: quantifier over the searches a pattern names. */
  | { kind: 'of'; quantifier: 'any' | 'all'; pattern: string };

export class ConditionError extends Error {}

const TOKEN = /\s*(\(|\)|[^\s()]+)/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const body = text.trim();
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (TOKEN.lastIndex < body.length && (m = TOKEN.exec(body))) tokens.push(m[1]);
  return tokens;
}

export function parseCondition(text: string): Condition {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos]?.toLowerCase();
  const expect = (what: string) => {
    if (peek() !== what) throw new ConditionError(`expected "${what}" but found ${tokens[pos] ? `"${tokens[pos]}"` : 'the end'} in "${text}"`);
    pos++;
  };
  const binary = (kind: 'and' | 'or', next: () => Condition): Condition => {
    const items = [next()];
    while (peek() === kind) { pos++; items.push(next()); }
    return items.length === 1 ? items[0] : { kind, items };
  };
  const orExpr = (): Condition => binary('or', andExpr);
  const andExpr = (): Condition => binary('and', notExpr);
  const notExpr = (): Condition => {
    if (peek() === 'not') { pos++; return { kind: 'not', item: notExpr() }; }
    return primary();
  };
  const primary = (): Condition => {
    const t = tokens[pos];
    if (t === undefined) throw new ConditionError(`condition "${text}" ends too early`);
    if (t === '(') { pos++; const inner = orExpr(); expect(')'); return inner; }
    const lower = t.toLowerCase();
    if (lower === '1' || lower === 'all') {
      if (tokens[pos + 1]?.toLowerCase() === 'of') {
        const pattern = tokens[pos + 2];
        if (!pattern || pattern === '(' || pattern === ')') throw new ConditionError(`"${t} of" needs a search name or pattern in "${text}"`);
        pos += 3;
        return { kind: 'of', quantifier: lower === '1' ? 'any' : 'all', pattern };
      }
    }
    if (/^\d+$/.test(t) && tokens[pos + 1]?.toLowerCase() === 'of') {
      throw new ConditionError(`"${t} of" is not Sigma: only "1 of" and "all of" are, in "${text}"`);
    }
    if (['and', 'or', 'not', 'of', ')'].includes(lower)) throw new ConditionError(`unexpected "${t}" in "${text}"`);
    if (t === '|') throw new ConditionError(`aggregation expressions ("| count() ...") are not supported: "${text}"`);
    pos++;
    return { kind: 'ref', name: t };
  };
  const result = orExpr();
  if (pos < tokens.length) {
    const t = tokens[pos];
    if (t.startsWith('|')) throw new ConditionError(`aggregation expressions ("| count() ...") are not supported: "${text}"`);
    throw new ConditionError(`unexpected "${t}" in "${text}"`);
  }
  return result;
}

/** The search names a pattern selects: `them` is every search not starting with `_`; `*` (the only wildcard) globs. */
export function expandPattern(pattern: string, names: string[]): string[] {
  if (pattern === 'them') return names.filter((n) => !n.startsWith('_'));
  const re = new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
  return names.filter((n) => re.test(n));
}
