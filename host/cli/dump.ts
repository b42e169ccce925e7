// `sigwasm dump <files...>`: print every event as the engine sees it, one JSON object per line:
// the flat fields plus `_file`, `_chunk` and `_record` (EVTX: 0-based chunk and EventRecordID;
// other inputs: `_line`). EVTX files are read by host/io/evtx.ts; JSON inputs work too.
import { expandInputs, readEvents } from '../io/inputs.js';
import { formatProblem, type ReadProblem } from '../io/event.js';

type Write = (text: string) => Promise<void> | void;

export interface DumpSummary { files: number; records: number; problems: number }

export async function dump(inputs: string[], out: Write, err: Write): Promise<DumpSummary> {
  const s: DumpSummary = { files: 0, records: 0, problems: 0 };
  const report = (p: ReadProblem) => {
    s.problems++;
    err(formatProblem(p) + '\n');
  };
  const files = await expandInputs(inputs, report);
  for (const file of files) {
    s.files++;
    let text = '';
    for await (const r of readEvents(file, report)) {
      s.records++;
      const head = r.pos.chunk !== undefined
        ? { _file: r.pos.file, _chunk: r.pos.chunk, _record: r.pos.record ?? null }
        : { _file: r.pos.file, _line: r.pos.line };
      text += JSON.stringify({ ...head, ...r.event }) + '\n';
      if (text.length > 1 << 16) { await out(text); text = ''; }
    }
    if (text) await out(text);
  }
  return s;
}
