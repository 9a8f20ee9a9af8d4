/** Python's str(datetime.now()) and str(timedelta), as command results carry them. */
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function pyDatetime(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}000`;
}

export function pyTimedelta(ms: number): string {
  const totalUs = Math.max(0, Math.round(ms * 1000));
  const secs = Math.floor(totalUs / 1e6);
  const us = totalUs % 1e6;
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  return `${h}:${pad(m)}:${pad(s)}${us ? `.${pad(us, 6)}` : ''}`;
}
