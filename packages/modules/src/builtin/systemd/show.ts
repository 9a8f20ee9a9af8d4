/** `systemctl show` output as systemd_service.py reads it (parse_systemctl_show, request_was_ignored). */

/** KEY=value lines; an `Exec*={ … }` value may run over several lines until its closing brace. */
export function parseSystemctlShow(lines: readonly string[]): Record<string, string> {
  const parsed: Record<string, string> = {};
  let multival: string[] = [];
  let k: string | null = null;
  for (const line of lines) {
    if (k === null) {
      const eq = line.indexOf('=');
      if (eq === -1) continue;
      k = line.slice(0, eq);
      const v = line.slice(eq + 1);
      if (k.startsWith('Exec') && v.trimStart().startsWith('{') && !v.trimEnd().endsWith('}')) {
        multival.push(v);
        continue;
      }
      parsed[k] = pyStrip(v);
      k = null;
    } else {
      multival.push(line);
      if (line.trimEnd().endsWith('}')) {
        parsed[k] = pyStrip(multival.join('\n'));
        multival = [];
        k = null;
      }
    }
  }
  return parsed;
}

/** Python's str.strip() without arguments (whitespace as Python counts it, which JS's trim matches for ASCII). */
const pyStrip = (s: string): string => s.trim();

/** systemctl says it ignored the request (no bus, or a unit it will not act on) instead of showing properties. */
export function requestWasIgnored(out: string): boolean {
  return !out.includes('=') && (out.includes('ignoring request') || out.includes('ignoring command'));
}
