// Sigma regular expressions (PCRE flavour) → JavaScript RegExp, or a reason it cannot be.
// Matching is a search (unanchored), case-sensitive unless the i flag is given.

export class RegexError extends Error {}

/** Leading inline flag groups such as `(?i)` become RegExp flags; `(?P<name>` becomes `(?<name>`. */
export function translateRegex(pattern: string, flags: string): { source: string; flags: string } {
  let source = pattern;
  const all = new Set(flags);
  for (let m = /^\(\?([imsx]+)\)/.exec(source); m; m = /^\(\?([imsx]+)\)/.exec(source)) {
    if (m[1].includes('x')) throw new RegexError('the regex flag x (extended) has no JavaScript equivalent');
    for (const f of m[1]) all.add(f);
    source = source.slice(m[0].length);
  }
  source = source.replace(/\(\?P</g, '(?<');
  // What JavaScript would silently read another way; other PCRE-only syntax (atomic groups,
  // possessive quantifiers, inline groups) is a syntax error for RegExp and caught below.
  const unsupported: [RegExp, string][] = [
    [/\\[AZzG]/, 'the anchors \\A \\Z \\z \\G'],
    [/\\[QE]/, '\\Q...\\E quoting'],
    [/\\[hHRV]/, 'the escapes \\h \\H \\R \\V'],
    [/\[\^?\]/, 'character classes starting with ]'],
    [/\[\[:\w+:\]\]/, 'POSIX classes'],
  ];
  for (const [re, what] of unsupported) if (re.test(stripEscapes(source))) throw new RegexError(`${what} are not supported in JavaScript regular expressions`);
  const jsFlags = [...all].filter((f) => 'ims'.includes(f)).sort().join('');
  try { new RegExp(source, jsFlags); }
  catch (e) { throw new RegexError(`invalid regular expression: ${(e as Error).message}`); }
  return { source, flags: jsFlags };
}

/** The pattern with escaped characters blanked, so `\\(\\?>` is not taken for an atomic group. */
function stripEscapes(source: string): string {
  return source.replace(/\\[^AZzGQEhHRV]/g, '__');
}
