// Node file streaming for the EVTX reader (host/io/evtx.ts): one 64 KiB chunk in memory at a time.
import { open } from 'node:fs/promises';
import type { ReadEvent, ReadProblem } from './event.js';
import { EVTX_CHUNK_SIZE, EVTX_HEADER_SIZE, EvtxParser, type EvtxProblem, type EvtxRecord } from './evtx.js';

/** Records of an .evtx file; problems (damaged chunks, unreadable records) go to onProblem, never thrown. */
export async function* readEvtxRecords(file: string, onProblem: (p: EvtxProblem) => void): AsyncGenerator<EvtxRecord> {
  const fh = await open(file, 'r');
  try {
    const parser = new EvtxParser(onProblem);
    const buf = new Uint8Array(EVTX_CHUNK_SIZE); // reused: records keep no reference to it
    const { bytesRead: headBytes } = await fh.read(buf, 0, EVTX_HEADER_SIZE, 0);
    if (parser.header(buf.subarray(0, headBytes)) === null) {
      // A damaged header on a real log still lets its chunks be read; anything else stops here.
      const probe = await fh.read(buf, 0, 8, EVTX_HEADER_SIZE);
      if (probe.bytesRead < 8 || String.fromCharCode(...buf.subarray(0, 8)) !== 'ElfChnk\0') return;
    }
    let index = 0;
    for (let pos = EVTX_HEADER_SIZE; ; pos += EVTX_CHUNK_SIZE) {
      let got = 0;
      while (got < EVTX_CHUNK_SIZE) {
        const { bytesRead } = await fh.read(buf, got, EVTX_CHUNK_SIZE - got, pos + got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      if (got === 0) break;
      yield* parser.chunk(got === EVTX_CHUNK_SIZE ? buf : buf.subarray(0, got), index++);
      if (got < EVTX_CHUNK_SIZE) break;
    }
    parser.end(index);
  } finally {
    await fh.close();
  }
}

/** An EVTX problem as the CLI reports it: `file:ordinal: chunk C, record R: message`. */
export function toReadProblem(file: string, p: EvtxProblem): ReadProblem {
  const where = [p.chunk !== undefined ? `chunk ${p.chunk}` : '', p.record !== undefined ? `record ${p.record}` : '', p.offset !== undefined ? `offset ${p.offset}` : '']
    .filter(Boolean).join(', ');
  const out: ReadProblem = { file, message: where ? `${where}: ${p.message}` : p.message };
  if (p.ordinal !== undefined) out.line = p.ordinal;
  if (p.record !== undefined) out.record = p.record;
  if (p.chunk !== undefined) out.chunk = p.chunk;
  return out;
}

/**
 * EVTX records as the readers' ReadEvent: pos.line is the record ordinal, pos.record the event's
 * EventRecordID (the record header's id when System has none), bytes the record size.
 */
export async function* readEvtxEvents(file: string, onProblem: (p: ReadProblem) => void): AsyncGenerator<ReadEvent> {
  for await (const r of readEvtxRecords(file, (p) => onProblem(toReadProblem(file, p)))) {
    const rid = r.event.EventRecordID;
    yield { event: r.event, pos: { file, line: r.ordinal, record: typeof rid === 'number' ? rid : r.id, chunk: r.chunk }, bytes: r.size };
  }
}
