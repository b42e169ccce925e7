// What every reader yields: a flat field map and where it came from. Browser-safe.
export type FieldValue = string | number | boolean | null;
export type FlatEvent = Record<string, FieldValue>;
/** Where an event came from: file path as given (archive members as `archive.zip:member/path.json`), 1-based line within that file/member. */
export interface SourcePos { file: string; line: number }
export interface ReadEvent { event: FlatEvent; pos: SourcePos; bytes: number /* length of the source line in bytes, for MB/s */ }
export interface ReadProblem { file: string; line?: number; message: string }
