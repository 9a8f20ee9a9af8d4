/** Python number formatting and rounding that JS gets subtly wrong (ties round to even). */

/** '%.Nf' % x: exact decimal expansion of the double, then round half to even. */
export function formatFixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const neg = x < 0 || Object.is(x, -0);
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 30));
  const [int, frac = ''] = exact.split('.') as [string, string?];
  const keep = frac.slice(0, digits);
  const rest = frac.slice(digits);
  let digitsStr = int + keep;
  const half = rest[0] === '5' && /^5?0*$/.test(rest);
  const roundUp = rest[0] !== undefined && (rest[0] > '5' || (rest[0] === '5' && !half) || (half && Number(digitsStr[digitsStr.length - 1]) % 2 === 1));
  if (roundUp) digitsStr = (BigInt(digitsStr) + 1n).toString().padStart(digitsStr.length, '0');
  const intPart = digitsStr.slice(0, digitsStr.length - digits) || '0';
  const out = digits > 0 ? `${intPart}.${digitsStr.slice(digitsStr.length - digits)}` : intPart;
  return neg ? '-' + out : out;
}

/** Python's round(x) to an int: half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
}
