// The provisioner's marker lines in both log formats, shared with the harness that reads them:
// text `ZOSSTORAGE:<EVENT> key=value…`, JSON `{"time":…,"marker":"<EVENT>","fields":{…}}`.

export type MarkerFields = Record<string, string | number | boolean>;

/** Formats a value so that `key=value` stays one token: quote when it has spaces, quotes or `=`. */
function formatValue(value: string | number | boolean): string {
  const text = String(value);
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

/** The text form: `ZOSSTORAGE:SAFE device=/dev/vda state=empty`. */
export function formatMarker(event: string, fields: MarkerFields = {}): string {
  const parts = Object.entries(fields).map(([key, value]) => `${key}=${formatValue(value)}`);
  return [`ZOSSTORAGE:${event}`, ...parts].join(' ');
}

/** The JSON form (`--log-format json`): one object with the time, the marker name and its fields. */
export function formatJsonMarker(time: Date, event: string, fields: MarkerFields = {}): string {
  return JSON.stringify({ time: time.toISOString(), marker: event, fields });
}

/**
 * A JSON marker line turned into its text form, so markers are matched the same way in both formats; null for
 * any other line (text markers, log lines, kernel output).
 */
export function parseJsonMarker(line: string): string | null {
  const start = line.indexOf('{"');
  if (start < 0 || !line.includes('"marker"')) return null;
  try {
    const value = JSON.parse(line.slice(start)) as { marker?: unknown; fields?: unknown };
    if (typeof value.marker !== 'string' || !/^[A-Z_]+$/.test(value.marker)) return null;
    const fields = value.fields && typeof value.fields === 'object' ? (value.fields as MarkerFields) : {};
    return formatMarker(value.marker, fields);
  } catch {
    return null;
  }
}

/** A console line as the harness matches it: JSON markers in their text form, anything else unchanged. */
export function normalizeMarkerLine(line: string): string {
  return parseJsonMarker(line) ?? line;
}
