// What every reader yields: a flat field map and where it came from. Browser-safe.
export type FieldValue = string | number | boolean | null;
export type FlatEvent = Record<string, FieldValue>;
/**
 * Where an event came from: file path as given (archive members as `archive.zip:member/path.json`),
 * 1-based line within that file/member. For EVTX records, `line` is the record's 1-based ordinal in
 * the file, `record` its EventRecordID (record header) and `chunk` its 0-based chunk number.
 */
export interface SourcePos { file: string; line: number; record?: number; chunk?: number }
export interface ReadEvent { event: FlatEvent; pos: SourcePos; bytes: number /* length of the source line in bytes, for MB/s */ }
export interface ReadProblem { file: string; line?: number; message: string; record?: number; chunk?: number }

/** A problem as people read it: `file:line (record R): message`. */
export function formatProblem(p: ReadProblem, message = p.message): string {
  const where = p.record !== undefined ? ` (record ${p.record})` : p.chunk !== undefined ? ` (chunk ${p.chunk})` : '';
  return `${p.file}${p.line !== undefined ? ':' + p.line : ''}${where}: ${message}`;
}
