// The one opcode table and the binary layouts, shared by the host compiler (TypeScript) and the
// kernel (AssemblyScript). Plain enums only, so the file is valid in both languages.

/** Bytecode instructions. Operands follow the opcode as i32 words (see OPERANDS in host/compile/bytecode.ts). */
export enum Op {
  HALT = 0,
  /** rule: if the flag is set, record (event, rule). */
  MATCH = 1,
  /** target: jump when the flag is clear (AND short-circuit). */
  JUMP_IF_FALSE = 2,
  /** target: jump when the flag is set (OR short-circuit). */
  JUMP_IF_TRUE = 3,
  NOT = 4,
  /** value: set the flag to 0 or 1. */
  CONST = 5,
  /** slot set: the field's value, as canonical decimal text or an integer, is in the number set. */
  NUM_IN_SET = 16,
  /** slot string: the field's text (ASCII case-folded) equals / starts with / ends with / contains the literal. */
  STR_EQ = 17,
  STR_PREFIX = 18,
  STR_SUFFIX = 19,
  STR_CONTAINS = 20,
  /** slot string: the folded text matches a wildcard pattern (GlobToken encoding). */
  STR_GLOB = 21,
  /** slot: the field is missing or null. */
  IS_NULL = 22,
  /** slot: the field is present (null or empty included). */
  EXISTS = 23,
  /** slot regex: the host's regex table entry matches the field's text (the one call out of the kernel). */
  STR_REGEX = 24,
  /** slot slot: the two fields' texts are equal, ASCII case-folded. */
  FIELD_EQ = 25,
  /** The string tests again, case-sensitive (`cased`): same operands, literals not folded. */
  STR_EQ_CASED = 26,
  STR_PREFIX_CASED = 27,
  STR_SUFFIX_CASED = 28,
  STR_CONTAINS_CASED = 29,
  STR_GLOB_CASED = 30,
  /** slot set compare: the field's value, as a decimal integer, compares (Compare) with the set's one value. */
  NUM_CMP = 31,
  /** slot set part: a part (TimePart) of the field's date text (YYYY-MM-DD[T ]hh:mm...) is in the number set. */
  TIME_PART = 32,
  /** slot set: the field's text is an IP address in one of the set's networks (3 words each, host/compile/ip.ts). */
  CIDR = 33,
}

export enum TimePart {
  MINUTE = 0,
  HOUR = 1,
  DAY = 2,
  WEEK = 3,
  MONTH = 4,
  YEAR = 5,
}

export enum Compare {
  LT = 0,
  LTE = 1,
  GT = 2,
  GTE = 3,
}

/** The slot operand of string tests that look in every field of the event (keyword searches). */
export enum Slot {
  ANY_FIELD = -1,
}

/** How STR_GLOB patterns encode wildcards: byte 0 then one of these; other bytes are literal. */
export enum GlobToken {
  ESCAPE = 0,
  ANY = 1,
  ONE = 2,
}

/** Program header: u32 word indices. */
export enum ProgramHeader {
  MAGIC = 0,
  VERSION = 1,
  SLOT_COUNT = 2,
  RULE_COUNT = 3,
  STRING_COUNT = 4,
  SET_COUNT = 5,
  ROUTE_COUNT = 6,
  CODE_WORDS = 7,
  SLOTS_OFFSET = 8,
  STRINGS_OFFSET = 9,
  POOL_OFFSET = 10,
  SETS_OFFSET = 11,
  RULES_OFFSET = 12,
  ROUTES_OFFSET = 13,
  ROUTE_RULES_OFFSET = 14,
  CODE_OFFSET = 15,
  BYTE_LENGTH = 16,
  DICTIONARY_VERSION = 17,
  /** Largest field id any slot uses + 1: the size of the kernel's id → slot table. */
  FIELD_ID_LIMIT = 18,
  WORDS = 20,
}

/**
 * Batch layout, byte offsets. Events are grouped by route key so that a route no rule reads is
 * skipped as one range, never touched:
 *   header (BYTES) | directory: u32 route count, then per route DIRECTORY_ENTRY_BYTES
 *   | entries, in route order: u32 event index, u32 payload offset | payload: msgpack maps | PADDING
 */
export enum BatchHeader {
  MAGIC = 0,
  VERSION = 4,
  FLAGS = 6,
  EVENT_COUNT = 8,
  DICTIONARY_VERSION = 12,
  DIRECTORY_OFFSET = 16,
  ENTRIES_OFFSET = 20,
  PAYLOAD_OFFSET = 24,
  PAYLOAD_END = 28,
  BYTES = 32,
  /** Per route: u32 key, u32 first entry, u32 entry count, u32 payload start, u32 payload end. */
  DIRECTORY_ENTRY_BYTES = 20,
  ENTRY_BYTES = 8,
  /** Zero bytes after the payload, so the kernel may over-read 16 bytes safely. */
  PADDING = 16,
}

export enum Magic {
  PROGRAM = 0x31504753, // "SGP1"
  BATCH = 0x31424753, // "SGB1"
}

/** Route keys are channel code << 16 | EventID (host/batch/route.ts). */
export enum Route {
  /** The route of rules whose logsource has no route: every event. */
  ANY = 0x7fffffff,
  /** EventID part meaning every EventID of the channel (service rules). */
  ANY_EVENT_ID = 0xfffe,
  /** EventID part of events without a 16-bit EventID. */
  NO_EVENT_ID = 0xffff,
}
