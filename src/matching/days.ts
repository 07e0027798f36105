/** A function giving the local calendar date (YYYY-MM-DD) of an instant in an IANA time zone. */
export function localDayOf(timeZone: string): (iso: string) => string {
  // en-CA formats as YYYY-MM-DD; Intl exists in Node and in Workers alike.
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (iso) => format.format(new Date(iso));
}
