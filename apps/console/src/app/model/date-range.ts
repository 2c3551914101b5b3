/** `YYYY-MM-DD`, as a date input gives it. */
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function localMidnight(day: string, addDays = 0): Date | undefined {
  const match = DAY.exec(day);
  if (!match) return undefined;
  // The operator's own calendar days; the Date constructor also carries a DST change over the day after.
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + addDays);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * The message log's `from`/`until` query (instants, `until` exclusive) for a
 * range of whole local days picked in the console, both days included. An
 * empty or unreadable day leaves that side open.
 */
export function createdRangeOfDays(fromDay: string, untilDay: string): { from?: string; until?: string } {
  return { from: localMidnight(fromDay)?.toISOString(), until: localMidnight(untilDay, 1)?.toISOString() };
}
