// Timing figures the lab tests print (and README.md quotes).
export function record(what: string, ms: number): void {
  console.log(`      timing: ${what}: ${(ms / 1000).toFixed(2)} s`);
}

/** Prints the template figure: a build (cold) or a cache hit (warm). */
export function recordTemplate(t: { built: boolean; ms: number }): void {
  record(t.built ? 'template build (cold)' : 'template (warm, cached)', t.ms);
}
