// Sigma string values to literal parts and wildcards, with pySigma's escaping rules.
import type { StringParts, Wildcard } from './model.js';

const ANY: Wildcard = { wildcard: '*' };
const ONE: Wildcard = { wildcard: '?' };

/**
 * `*` and `?` are wildcards; `\*`, `\?` and `\\` escape them and the backslash itself;
 * any other backslash is literal, so `C:\Windows\` needs no escaping.
 */
export function parseWildcards(text: string): StringParts {
  const parts: StringParts = [];
  let lit = '';
  const flush = () => { if (lit) { parts.push(lit); lit = ''; } };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '*' || next === '?' || next === '\\') { lit += next; i++; }
      else lit += c;
    } else if (c === '*') { flush(); if (parts[parts.length - 1] !== ANY) parts.push(ANY); }
    else if (c === '?') { flush(); parts.push(ONE); }
    else lit += c;
  }
  flush();
  return parts;
}

/** A value with no wildcards, taken literally (numbers used with string modifiers). */
export function literalParts(text: string): StringParts {
  return text ? [text] : [];
}

export const wildcardAny = ANY;

export function isWildcard(p: string | Wildcard): p is Wildcard {
  return typeof p !== 'string';
}
