// Sigma value modifiers as one table: what each does to a value, or why it cannot be used yet.
// String transforms run in the rule's order over alternatives (a value can become several:
// windash, base64offset, expand), as pySigma applies them.
import type { StringParts } from './model.js';
import { isWildcard, wildcardAny } from './values.js';

/** One alternative of a value; `binary` when its literal characters are bytes (after utf16*). */
export interface Alt { parts: StringParts; binary: boolean }

export class ModifierError extends Error {}

export interface ModifierContext { placeholders?: Record<string, string[]> }

export type Modifier =
  | { kind: 'transform'; apply: (alt: Alt, ctx: ModifierContext) => Alt[] }
  /** Changes how a value list combines (AND). */
  | { kind: 'all' }
  /** `exists: true|false`. */
  | { kind: 'exists' }
  /** The value is a regular expression; i/m/s are its flags. */
  | { kind: 're' }
  | { kind: 'reFlag'; flag: 'i' | 'm' | 's' }
  /** The value names another field to compare with. */
  | { kind: 'fieldref' }
  /** Strings match case-sensitively. */
  | { kind: 'cased' }
  /** The field differs from every value. */
  | { kind: 'neq' }
  /** Numeric comparison with the value. */
  | { kind: 'compare'; compare: 'lt' | 'lte' | 'gt' | 'gte' }
  /** The value is an IP network; the field's text must be an address in it. */
  | { kind: 'cidr' }
  /** A part of a date: the field's date text gives a number compared with the values. */
  | { kind: 'timepart'; part: 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year' };

const any = wildcardAny;
const literal = (alt: Alt, modifier: string): string => {
  if (alt.parts.some(isWildcard)) throw new ModifierError(`${modifier} cannot encode a value with wildcards`);
  return alt.parts.join('');
};
const bytesOf = (alt: Alt, modifier: string): Uint8Array =>
  alt.binary ? Uint8Array.from(literal(alt, modifier), (c) => c.charCodeAt(0)) : new TextEncoder().encode(literal(alt, modifier));
const binary = (bytes: Uint8Array): Alt => ({ parts: bytes.length ? [String.fromCharCode(...bytes)] : [], binary: true });
const text = (s: string): Alt => ({ parts: s ? [s] : [], binary: false });
const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

function utf16(alt: Alt, modifier: string, littleEndian: boolean, bom: boolean): Alt[] {
  const s = literal(alt, modifier);
  const out: number[] = bom ? [0xff, 0xfe] : [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (littleEndian) out.push(c & 0xff, c >> 8); else out.push(c >> 8, c & 0xff);
  }
  return [binary(Uint8Array.from(out))];
}

/** The three base64 spellings of a value at byte offsets 0, 1, 2 of an encoded string, less the edges that depend on neighbours (pySigma's algorithm). */
function base64offset(alt: Alt): Alt[] {
  const value = bytesOf(alt, 'base64offset');
  const start = [0, 2, 3];
  const end = [undefined, -3, -2];
  return [0, 1, 2].map((i) => {
    const padded = new Uint8Array(i + value.length);
    padded.fill(0x20, 0, i);
    padded.set(value, i);
    return text(base64(padded).slice(start[i], end[(value.length + i) % 3]));
  });
}

const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];
/** Every spelling of the value with each dash-like character replaced by each of the five. */
function windash(alt: Alt): Alt[] {
  let variants: StringParts[] = [[]];
  for (const part of alt.parts) {
    if (isWildcard(part)) { variants = variants.map((v) => [...v, part]); continue; }
    const pieces = part.split(new RegExp(`([${DASHES.join('')}])`));
    for (const [i, piece] of pieces.entries()) {
      const choices = i % 2 === 1 ? DASHES : [piece];
      variants = variants.flatMap((v) => choices.map((c) => [...v, c]));
      if (variants.length > 4096) throw new ModifierError('windash: too many dash variants (over 4096)');
    }
  }
  return variants.map((parts) => ({ parts: mergeLiterals(parts), binary: alt.binary }));
}

function mergeLiterals(parts: StringParts): StringParts {
  const out: StringParts = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if (!isWildcard(p) && typeof last === 'string') out[out.length - 1] = last + p;
    else if (isWildcard(p) || p) out.push(p);
  }
  return out;
}

/** `%name%` placeholders replaced by each of their configured values. */
function expand(alt: Alt, ctx: ModifierContext): Alt[] {
  let variants: StringParts[] = [[]];
  for (const part of alt.parts) {
    if (isWildcard(part)) { variants = variants.map((v) => [...v, part]); continue; }
    for (const [i, piece] of part.split(/%([^%\s]+)%/).entries()) {
      if (i % 2 === 0) { variants = variants.map((v) => [...v, piece]); continue; }
      const values = ctx.placeholders?.[piece];
      if (!values) throw new ModifierError(`expand: placeholder %${piece}% has no values (give them with a placeholders file)`);
      variants = variants.flatMap((v) => values.map((value) => [...v, value]));
    }
  }
  return variants.map((parts) => ({ parts: mergeLiterals(parts), binary: alt.binary }));
}

export const MODIFIERS: Record<string, Modifier> = {
  contains: { kind: 'transform', apply: (a) => [{ ...a, parts: [any, ...a.parts, any] }] },
  startswith: { kind: 'transform', apply: (a) => [{ ...a, parts: [...a.parts, any] }] },
  endswith: { kind: 'transform', apply: (a) => [{ ...a, parts: [any, ...a.parts] }] },
  windash: { kind: 'transform', apply: windash },
  base64: { kind: 'transform', apply: (a) => [text(base64(bytesOf(a, 'base64')))] },
  base64offset: { kind: 'transform', apply: base64offset },
  utf16le: { kind: 'transform', apply: (a) => utf16(a, 'utf16le', true, false) },
  wide: { kind: 'transform', apply: (a) => utf16(a, 'wide', true, false) },
  utf16be: { kind: 'transform', apply: (a) => utf16(a, 'utf16be', false, false) },
  utf16: { kind: 'transform', apply: (a) => utf16(a, 'utf16', true, true) },
  cidr: { kind: 'cidr' },
  expand: { kind: 'transform', apply: expand },
  all: { kind: 'all' },
  exists: { kind: 'exists' },
  re: { kind: 're' },
  i: { kind: 'reFlag', flag: 'i' },
  m: { kind: 'reFlag', flag: 'm' },
  s: { kind: 'reFlag', flag: 's' },
  fieldref: { kind: 'fieldref' },
  cased: { kind: 'cased' },
  neq: { kind: 'neq' },
  lt: { kind: 'compare', compare: 'lt' },
  lte: { kind: 'compare', compare: 'lte' },
  gt: { kind: 'compare', compare: 'gt' },
  gte: { kind: 'compare', compare: 'gte' },
  minute: { kind: 'timepart', part: 'minute' },
  hour: { kind: 'timepart', part: 'hour' },
  day: { kind: 'timepart', part: 'day' },
  week: { kind: 'timepart', part: 'week' },
  month: { kind: 'timepart', part: 'month' },
  year: { kind: 'timepart', part: 'year' },
};

/** Why a modifier cannot be used, or undefined when it can (the table has every modifier of the specification). */
export function modifierProblem(name: string): string | undefined {
  return MODIFIERS[name] ? undefined : `unknown modifier "${name}"`;
}
