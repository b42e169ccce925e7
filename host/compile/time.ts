// The time modifiers' parts of a date text `YYYY-MM-DD[T ]hh:mm...` (Sysmon UtcTime, ISO 8601).
// The kernel has the same arithmetic (assembly/strings.ts timePart); tests hold them together.
export type TimePartName = 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

const DATE = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})/;

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.trunc((yy >= 0 ? yy : yy - 399) / 400);
  const yoe = yy - era * 400;
  const doy = Math.trunc((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.trunc(yoe / 4) - Math.trunc(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const isoWeekday = (days: number) => ((((days % 7) + 7 + 3) % 7) + 1);

function isoWeeksInYear(y: number): number {
  const jan1 = isoWeekday(daysFromCivil(y, 1, 1));
  return jan1 === 4 || (isLeap(y) && jan1 === 3) ? 53 : 52;
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const daysInMonth = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/** The part of a date text, or undefined when the text is not such a date. */
export function timePart(text: string, part: TimePartName): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d, h, mi] = m.slice(1).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59) return undefined;
  switch (part) {
    case 'minute': return mi;
    case 'hour': return h;
    case 'day': return d;
    case 'month': return mo;
    case 'year': return y;
    case 'week': {
      const days = daysFromCivil(y, mo, d);
      const week = Math.trunc((days - daysFromCivil(y, 1, 1) + 1 - isoWeekday(days) + 10) / 7);
      if (week < 1) return isoWeeksInYear(y - 1);
      return week > isoWeeksInYear(y) ? 1 : week;
    }
  }
}
