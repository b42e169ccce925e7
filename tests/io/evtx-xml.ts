// Test helpers for the EVTX reader: a small XML reader for what the reference tools print
// (evtxexport -f xml, evtx_dump.py, the evtx crate's snapshots), the facts of one event that the
// tests compare, and value normalization (GUID case/braces, hex padding, time precision).
import { spawnSync } from 'node:child_process';
import type { FlatEvent } from '../../host/io/event.js';

export interface XmlElem { name: string; attrs: Record<string, string>; children: XmlElem[]; text: string }

const ENT: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string) => s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (m, e: string) =>
  e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : ENT[e] ?? m);

/** Every <Event> element of an XML text (several documents or one per event; banners ignored). */
export function parseEvents(xml: string): XmlElem[] {
  const events: XmlElem[] = [];
  const stack: XmlElem[] = [];
  const re = /<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<\?[^>]*\?>|<!--[\s\S]*?-->|([^<]+)/g;
  for (let m = re.exec(xml); m !== null; m = re.exec(xml)) {
    if (m[5] !== undefined) { if (stack.length) stack[stack.length - 1]!.text += decode(m[5]); continue; }
    if (m[2] === undefined) continue;
    const [, close, name, attrText, selfClose] = m;
    if (close) {
      const el = stack.pop();
      if (el && stack.length === 0 && el.name === 'Event') events.push(el);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText!.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]!] = decode(a[2] ?? a[3] ?? '');
    const el: XmlElem = { name: name!, attrs, children: [], text: '' };
    if (stack.length) stack[stack.length - 1]!.children.push(el);
    else if (name !== 'Event') continue; // <Events> wrapper of evtx_dump.py
    if (selfClose) { if (stack.length === 0) events.push(el); continue; }
    if (name === 'Data') {
      // evtxexport writes Data text unescaped: a value holding XML must not be parsed as elements.
      const end = xml.indexOf('</Data>', re.lastIndex);
      if (end >= 0) { el.text = decode(xml.slice(re.lastIndex, end)); re.lastIndex = end + 7; continue; }
    }
    stack.push(el);
  }
  return events;
}

/** Element text without the indentation pretty-printers put inside empty elements (a newline, then spaces only). */
const text = (e: XmlElem) => (/^\r?\n +$/.test(e.text) ? '' : e.text);

/** The facts a rule reads, from a reference rendering: System fields, EventData, UserData leaves. */
export interface EventFacts { system: Record<string, string>; data: Record<string, string>; unnamed: string[]; userData: Record<string, string> }

export function xmlFacts(ev: XmlElem): EventFacts {
  const f: EventFacts = { system: {}, data: {}, unnamed: [], userData: {} };
  for (const c of ev.children) {
    if (c.name === 'System') {
      for (const s of c.children) {
        const t = text(s);
        if (t !== '' || Object.keys(s.attrs).length === 0) f.system[s.name] = t;
        for (const [a, v] of Object.entries(s.attrs)) if (v !== '') f.system[`${s.name}.${a}`] = v; // evtx_dump.py prints absent ones as ""
      }
    } else if (c.name === 'EventData') {
      for (const d of c.children) {
        if (d.name === 'Data' && d.attrs.Name !== undefined) f.data[d.attrs.Name] = text(d);
        else if (d.name === 'Data') {
          // evtx_dump.py writes a string array as one <Data> of <string> items; Windows, evtxexport
          // and we make one <Data> per item.
          const items = /^<string>[\s\S]*<\/string>$/.test(d.text.trim()) ? [...d.text.matchAll(/<string>([\s\S]*?)<\/string>/g)].map((m) => m[1]!) : [text(d)];
          f.unnamed.push(...items);
        }
        else f.data[d.name] = text(d);
      }
    } else if (c.name === 'UserData') {
      for (const u of c.children) leaves(u.children, '', f.userData);
    }
  }
  return f;
}

function leaves(kids: XmlElem[], prefix: string, out: Record<string, string>): void {
  const seen = new Map<string, number>();
  for (const k of kids) {
    const n = seen.get(k.name);
    seen.set(k.name, (n ?? 0) + 1);
    const key = prefix + (n === undefined || kids.length === 1 ? k.name : `${k.name}_${n}`);
    const hasAttrs = Object.keys(k.attrs).length > 0;
    for (const [a, v] of Object.entries(k.attrs)) if (a !== 'xmlns') out[`${key}.#attributes.${a}`] = v;
    if (k.children.length) leaves(k.children, key + '.', out);
    const t = k.children.length && k.text.trim() === '' ? '' : text(k); // indentation between children
    if (t !== '') out[hasAttrs || k.children.length ? key + '.#text' : key] = t;
  }
}

/** The same facts from a flat event of host/io/evtx.ts (layout documented there). */
export function flatFacts(e: FlatEvent, ref: EventFacts): EventFacts {
  const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  const f: EventFacts = { system: {}, data: {}, unnamed: [], userData: {} };
  for (const k of Object.keys(ref.system)) {
    const dot = k.indexOf('.');
    if (dot < 0) f.system[k] = s(k === 'EventID' ? e.EventID : k === 'TimeCreated' ? e.TimeCreated : e[k]);
    else {
      const el = k.slice(0, dot), attr = k.slice(dot + 1);
      if (el === 'Provider' && attr === 'Name') f.system[k] = s(e.Provider);
      else if (el === 'TimeCreated' && attr === 'SystemTime') f.system[k] = s(e.TimeCreated);
      else { const v = e[`${el}.#attributes.${attr}`]; if (v !== undefined) f.system[k] = s(v); }
    }
  }
  for (const k of Object.keys(ref.data)) if (e[k] !== undefined) f.data[k] = s(e[k]);
  if (e.Data !== undefined) for (let i = 1; e[`param${i}`] !== undefined; i++) f.unnamed.push(s(e[`param${i}`]));
  for (const k of Object.keys(ref.userData)) if (e[k] !== undefined) f.userData[k] = s(e[k]);
  return f;
}

const GUID = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i;
const TIME = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d:\d\d)(?:\.(\d+))?Z?$/;

/** One value in a form both renderings agree on: GUID uppercase without braces, hex unpadded, time to microseconds. */
export function norm(v: string): string {
  v = v.replace(/\r\n/g, '\n').replace(/\n+$/, ''); // XML line ends; evtxexport drops a value's trailing newlines
  let m = GUID.exec(v);
  if (m) return m[1]!.toUpperCase();
  if (/^0x[0-9a-f]+$/i.test(v)) return '0x' + BigInt(v).toString(16);
  m = TIME.exec(v);
  if (m) return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(6, '0').slice(0, 6)}Z`;
  return v;
}

/**
 * Renderings that differ but mean the same: size_t is hex here and in Windows (`0x858`), decimal
 * in evtxexport (`2136`); evtx_dump.py's times go through a float (a few µs off; evtxexport is exact); an element that is
 * left out here is an empty one in evtx_dump.py.
 */
function sameNumber(ours: string | undefined, theirs: string | undefined): boolean {
  if (ours === undefined) return theirs === '';
  if (theirs === undefined) return false;
  if (/^0x[0-9a-f]+$/.test(ours) && /^\d+$/.test(theirs)) return BigInt(ours) === BigInt(theirs);
  if (/^([0-9A-F]{2})+$/.test(ours) && /^[A-Za-z0-9+/]+=*$/.test(theirs)) return Buffer.from(theirs, 'base64').toString('hex').toUpperCase() === ours; // evtx_dump.py: binary as base64
  const a = TIME.exec(ours), b = TIME.exec(theirs);
  if (a && b && a[1] === b[1]) {
    const us = (m: RegExpExecArray) => Date.parse(`${m[1]}T${m[2]}Z`) * 1000 + Number((m[3] ?? '').padEnd(6, '0').slice(0, 6));
    return Math.abs(us(a) - us(b)) <= 4;
  }
  return false;
}

function normFacts(f: EventFacts): EventFacts {
  const map = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, norm(v)]));
  return { system: map(f.system), data: map(f.data), unnamed: f.unnamed.map(norm), userData: map(f.userData) };
}

/** Differences between a reference rendering and a flat event, as `field: ours !== theirs` lines. */
export function compareFacts(ref: EventFacts, e: FlatEvent): string[] {
  const a = normFacts(flatFacts(e, ref)), b = normFacts(ref);
  const out: string[] = [];
  for (const part of ['system', 'data', 'userData'] as const) {
    for (const k of Object.keys(b[part])) {
      // A name both System and the event's data use holds one value in a flat event (the
      // precedence in host/io/evtx.ts): the shadowed one is not compared.
      if (part === 'system' && !k.includes('.') && k in b.data) continue;
      if (part === 'userData' && (k in b.system || k in b.data)) continue;
      if (a[part][k] !== b[part][k] && !sameNumber(a[part][k], b[part][k])) out.push(`${part}.${k}: ${JSON.stringify(a[part][k])} !== ${JSON.stringify(b[part][k])}`);
    }
  }
  const unnamed = (xs: string[]) => JSON.stringify(xs.length === 1 && xs[0] === '' ? [] : xs); // a lone empty <Data> is left out here
  if (unnamed(a.unnamed) !== unnamed(b.unnamed)) out.push(`unnamed Data: ${JSON.stringify(a.unnamed)} !== ${JSON.stringify(b.unnamed)}`);
  return out;
}

/** Run a reference tool; null when it is not installed. */
export function runTool(cmd: string, args: string[]): { stdout: string; stderr: string; status: number | null } | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') return null;
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status };
}

export const hasTool = (cmd: string, probe: string[] = ['-V']) => runTool(cmd, probe) !== null;
