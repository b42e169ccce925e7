// Input files to events: directory expansion, and streaming readers for JSON lines, .gz,
// .zip and .tar.gz. Memory stays bounded: nothing holds more than one chunk plus one line.
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import * as yauzl from 'yauzl';
import type { ReadEvent, ReadProblem } from './event.js';
import { readEvtxEvents } from './evtx-node.js';
import { normalizeEvent } from './normalize.js';

type OnProblem = (p: ReadProblem) => void;

/** The input name that reads JSON lines from standard input. */
export const STDIN = '-';

const INPUT_SUFFIXES = ['.json', '.jsonl', '.ndjson', '.log', '.gz', '.zip', '.tar.gz', '.tgz', '.evtx'];

/** Longest line (or pretty-printed document) we buffer; past it the text is skipped, so a binary file cannot exhaust memory. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** Expand paths: files as given, directories recursively (sorted, only files whose names end in .json .jsonl .ndjson .log .gz .zip .tar.gz .tgz .evtx). Missing/unreadable paths are reported via onProblem and skipped. */
export async function expandInputs(paths: string[], onProblem: OnProblem): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    if (path === STDIN) { files.push(path); continue; }
    try {
      const st = await stat(path);
      if (st.isDirectory()) await walkDir(path, files, onProblem);
      else files.push(path);
    } catch (err) {
      onProblem({ file: path, message: reason(err) });
    }
  }
  return files;
}

async function walkDir(dir: string, files: string[], onProblem: OnProblem): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    onProblem({ file: dir, message: reason(err) });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    // Symlinked directories are not followed (no cycles); symlinked files are taken.
    if (e.isDirectory()) await walkDir(path, files, onProblem);
    else if ((e.isFile() || e.isSymbolicLink()) && hasInputSuffix(e.name)) files.push(path);
  }
}

function hasInputSuffix(name: string): boolean {
  const lower = name.toLowerCase();
  return INPUT_SUFFIXES.some((s) => lower.endsWith(s));
}

/** Stream every event of one input file: plain JSON lines, .gz, .zip (every member, via yauzl, streaming), .tar.gz/.tgz (via tar-stream over zlib gunzip, every regular-file member), .evtx (Windows event logs, by suffix or magic; host/io/evtx.ts). Never loads the whole file: bounded memory. A line that is not valid JSON (or not an object) is reported via onProblem with file and 1-based line and a short reason, then skipped; blank lines are skipped silently. An unreadable/corrupt file or archive is reported via onProblem and the generator ends normally (never throws). */
export async function* readEvents(file: string, onProblem: OnProblem): AsyncGenerator<ReadEvent> {
  const lower = file.toLowerCase();
  // The file or member being read when an error strikes, so the report names the right place.
  // (Zip/tar members under __MACOSX/ or named ._* are skipped: macOS resource forks, not events.)
  let where = file;
  try {
    if (lower.endsWith('.zip')) {
      for await (const [member, stream] of zipMembers(file)) {
        where = `${file}:${member}`;
        yield* readLines(stream, where, onProblem);
      }
    } else if (lower.endsWith('.tar.gz') || lower.endsWith('.tgz')) {
      for await (const [member, stream] of tarMembers(file)) {
        where = `${file}:${member}`;
        yield* readLines(stream, where, onProblem);
      }
    } else if (lower.endsWith('.gz')) {
      yield* readLines(await gunzipFile(file), file, onProblem);
    } else if (file === STDIN) {
      yield* readLines(process.stdin, '(stdin)', onProblem);
    } else if (lower.endsWith('.evtx') || (await readHead(file, 8)).toString('latin1') === 'ElfFile\0') {
      yield* readEvtxEvents(file, onProblem); // Windows event log (binary EVTX), by name or by magic
    } else {
      yield* readLines(createReadStream(file), file, onProblem);
    }
  } catch (err) {
    onProblem({ file: where, message: reason(err) });
  }
}

/** macOS archivers add resource forks (`__MACOSX/`, `._name`); they are binary, never events. */
function isJunkMember(name: string): boolean {
  return name.startsWith('__MACOSX/') || name.startsWith('._') || name.includes('/._');
}

async function* zipMembers(file: string): AsyncGenerator<[string, AsyncIterable<Buffer>]> {
  const zip = await openZip(file);
  try {
    for (let entry = await nextEntry(zip); entry !== null; entry = await nextEntry(zip)) {
      if (entry.fileName.endsWith('/') || isJunkMember(entry.fileName)) continue;
      yield [entry.fileName, await zip.openReadStreamPromise(entry)];
    }
  } finally {
    zip.close();
  }
}

const ZIP_OPTIONS: yauzl.Options = { lazyEntries: true, autoClose: false };

/**
 * Open a zip. 7 real Mordor zips have a stray newline appended after the end-of-central-directory
 * record, which yauzl rejects ("Invalid comment length"); for those, retry on the archive's true length.
 */
async function openZip(file: string): Promise<yauzl.ZipFile> {
  try {
    return await yauzl.openPromise(file, ZIP_OPTIONS);
  } catch (err) {
    const size = await zipLengthWithoutJunk(file);
    if (size === null) throw err;
    return yauzl.fromRandomAccessReaderPromise(new FileRangeReader(file), size, ZIP_OPTIONS);
  }
}

class FileRangeReader extends yauzl.RandomAccessReader {
  constructor(private readonly file: string) { super(); }
  override _readStreamForRange(start: number, end: number): Readable {
    return createReadStream(this.file, { start, end: end - 1 }); // yauzl's end is exclusive, fs's inclusive
  }
}

/** Where the zip really ends if up to 16 bytes follow its end-of-central-directory record, else null. */
async function zipLengthWithoutJunk(file: string): Promise<number | null> {
  const size = (await stat(file)).size;
  const tail = await readTail(file, 22 + 0xffff + 16); // EOCD record + longest comment + junk
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) !== 0x06054b50) continue;
    const end = i + 22 + tail.readUInt16LE(i + 20);
    const junk = tail.length - end;
    if (junk > 0 && junk <= 16) return size - junk;
  }
  return null;
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const done = () => { zip.off('entry', onEntry); zip.off('end', onEnd); zip.off('error', onError); };
    const onEntry = (e: yauzl.Entry) => { done(); resolve(e); };
    const onEnd = () => { done(); resolve(null); };
    const onError = (err: Error) => { done(); reject(err); };
    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

async function* tarMembers(file: string): AsyncGenerator<[string, AsyncIterable<Buffer>]> {
  const data = await gunzipFile(file);
  const extract = tar.extract();
  data.on('error', (err) => extract.destroy(err));
  data.pipe(extract);
  try {
    for await (const entry of extract) {
      const name = entry.header.name;
      if (entry.header.type === 'file' && !isJunkMember(name)) yield [name, entry as AsyncIterable<Buffer>];
      else entry.resume(); // must be drained before tar-stream moves on
    }
  } finally {
    data.destroy();
  }
}

/**
 * Gunzip a file as a stream. Some real archives (all 7 Mordor .tar.gz) carry one stray byte
 * after a complete gzip member; zlib takes it for a second, truncated member and fails with
 * "unexpected end of file". That case is recognised by the trailer (ISIZE = bytes inflated)
 * just before the stray bytes and ends the stream cleanly; a genuinely truncated file fails.
 */
async function gunzipFile(file: string): Promise<Readable> {
  const tail = await readTail(file, 32);
  const src = createReadStream(file);
  const gunzip = createGunzip();
  const out = new PassThrough();
  let inflated = 0;
  gunzip.on('data', (c: Buffer) => { inflated += c.length; });
  src.on('error', (err) => out.destroy(err));
  gunzip.on('error', (err) => {
    if (endsWithJunkAfterTrailer(tail, inflated)) out.end();
    else out.destroy(new Error(`gzip: ${err.message}`));
  });
  out.on('close', () => { src.destroy(); gunzip.destroy(); });
  src.pipe(gunzip).pipe(out);
  return out;
}

async function readHead(file: string, n: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

async function readTail(file: string, n: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    const len = Math.min(n, size);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    return buf;
  } finally {
    await fh.close();
  }
}

/** True if, 1 to 16 bytes before the end, an 8-byte gzip trailer ends whose ISIZE matches what was inflated. */
function endsWithJunkAfterTrailer(tail: Buffer, inflated: number): boolean {
  const isize = inflated % 0x100000000;
  for (let junk = 1; junk <= 16 && tail.length - junk - 8 >= 0; junk++) {
    if (tail.readUInt32LE(tail.length - junk - 4) === isize && tail[tail.length - junk] !== 0x1f) return true;
  }
  return false;
}

/** How many `{` / `[` are not closed in JSON text, not counting those inside strings. */
function openBrackets(text: string): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) depth--;
  }
  return depth;
}

/**
 * Split a byte stream into lines (Buffer.indexOf of \n over each chunk; only a line that spans
 * chunks is copied), parse each once with JSON.parse and normalise it. A line that is exactly
 * `{` or `[` opens a pretty-printed document (evtx_dump output, as in Sigma's regression_data):
 * its lines are gathered until a line starting with `}` / `]` completes valid JSON.
 */
async function* readLines(stream: AsyncIterable<Buffer>, file: string, onProblem: OnProblem): AsyncGenerator<ReadEvent> {
  let pending: Buffer[] = []; // pieces of a line that spans chunks
  let pendingBytes = 0;
  let skippingLongLine = false;
  let lineNo = 0;
  let doc: string[] | null = null; // lines of an open multi-line document
  let docLine = 0;
  let docBytes = 0;

  // Returns the events of one complete line (usually 0 or 1), reporting problems.
  const onLine = (buf: Buffer, start: number, end: number): ReadEvent[] => {
    lineNo++;
    if (skippingLongLine) { skippingLongLine = false; return []; }
    const bytes = end - start;
    if (bytes === 0 && doc === null) return [];
    let text = buf.toString('utf8', start, end);
    if (lineNo === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 BOM
    if (doc !== null) {
      doc.push(text);
      docBytes += bytes + 1;
      const c = text.charCodeAt(0);
      if (c !== 0x7d /* } */ && c !== 0x5d /* ] */) {
        if (docBytes > MAX_LINE_BYTES) {
          onProblem({ file, line: docLine, message: `JSON document longer than ${MAX_LINE_BYTES} bytes, skipped` });
          doc = null;
        }
        return [];
      }
      let value: unknown;
      const joined = doc.join('\n');
      try { value = JSON.parse(joined); } catch (err) {
        // Brackets still open (outside strings): a nested `}` at column 0, keep gathering.
        // All closed: the document is complete but malformed; report it and go on after it.
        if (openBrackets(joined) > 0) return [];
        onProblem({ file, line: docLine, message: `invalid multi-line JSON document: ${shorten(reason(err))}` });
        doc = null;
        return [];
      }
      doc = null;
      return toEvents(value, file, docLine, docBytes - 1, onProblem);
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      const t = text.trim();
      if (t === '') return [];
      if (t === '{' || t === '[') { doc = [text]; docLine = lineNo; docBytes = bytes + 1; return []; }
      onProblem({ file, line: lineNo, message: `invalid JSON: ${shorten(reason(err))}` });
      return [];
    }
    return toEvents(value, file, lineNo, bytes, onProblem);
  };

  for await (const chunk of stream) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      let events: ReadEvent[];
      if (pendingBytes === 0) {
        events = onLine(chunk, start, nl);
      } else {
        pending.push(chunk.subarray(start, nl));
        const line = Buffer.concat(pending, pendingBytes + nl - start);
        pending = [];
        pendingBytes = 0;
        events = onLine(line, 0, line.length);
      }
      for (const e of events) yield e;
      start = nl + 1;
    }
    if (start < chunk.length && !skippingLongLine) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > MAX_LINE_BYTES) {
        onProblem({ file, line: lineNo + 1, message: `line longer than ${MAX_LINE_BYTES} bytes, skipped` });
        pending = [];
        pendingBytes = 0;
        skippingLongLine = true;
      }
    }
  }
  // Last line without a trailing newline.
  if (pendingBytes > 0) {
    const line = Buffer.concat(pending, pendingBytes);
    for (const e of onLine(line, 0, line.length)) yield e;
  }
  if (doc !== null) onProblem({ file, line: docLine, message: 'unterminated or invalid multi-line JSON document' });
}

/** An object is one event; an array (a pretty-printed export) is one event per object element. */
function toEvents(value: unknown, file: string, line: number, bytes: number, onProblem: OnProblem): ReadEvent[] {
  const values = Array.isArray(value) ? value : [value];
  const events: ReadEvent[] = [];
  for (const v of values) {
    const event = normalizeEvent(v);
    if (event === null) {
      onProblem({ file, line, message: `not a JSON object (${v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v})` });
      continue;
    }
    // The source bytes are counted once (on the first event) so MB/s sums stay true.
    events.push({ event, pos: { file, line }, bytes: events.length === 0 ? bytes : 0 });
  }
  return events;
}

function reason(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return 'no such file or directory';
    if (code === 'EACCES') return 'permission denied';
    return err.message;
  }
  return String(err);
}

function shorten(s: string): string {
  return s.length > 120 ? s.slice(0, 117) + '...' : s;
}
