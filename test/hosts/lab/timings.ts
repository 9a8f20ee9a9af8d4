// Timing figures the lab tests print (and README.md quotes).
export function record(what: string, ms: number): void {
  console.log(`      timing: ${what}: ${(ms / 1000).toFixed(2)} s`);
}
