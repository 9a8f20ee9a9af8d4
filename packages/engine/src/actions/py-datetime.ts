/** Python's str(datetime.datetime.now()): local time with microseconds. */
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function pyDatetimeNow(d = new Date()): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}000`;
}
