// Case folding shared by both engines: ASCII letters only, so the UTF-8 kernel and the JS
// baseline fold identically. Literals are folded once at compile time, event values lazily.
export function foldAscii(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
  }
  return s;
}

/** Lone surrogates as U+FFFD, as UTF-8 encoding (and so the kernel) sees them. */
export function wellFormed(s: string): string {
  return s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
