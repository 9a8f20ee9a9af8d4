/**
 * Python's ssl error texts for the TLS failures Node reports: both come from OpenSSL, so the
 * certificate reasons are the same words; Python adds the `[SSL: REASON]` tag, and its
 * `(_ssl.c:NNN)` source line, which names the target's Python build, is not reproduced (README,
 * deliberate differences).
 */
const VERIFY = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'CERT_UNTRUSTED', 'CERT_REVOKED', 'INVALID_CA',
]);

export function sslErrorText(e: Error & { code?: string; reason?: string; host?: string }): string {
  // Node names a missing issuer of a lone leaf certificate "unable to verify the first certificate";
  // Python's OpenSSL context reports the same chain as error 20.
  if (e.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE') return '[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate';
  if (e.code && VERIFY.has(e.code)) return `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${e.message}`;
  if (e.code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    const name = /Host: ([^.]+(?:\.[^.]+)*)\. is not/.exec(e.message)?.[1] ?? /IP: (\S+) is not/.exec(e.message)?.[1] ?? e.host ?? '';
    const kind = /^IP: /.test(e.reason ?? '') || /IP: /.test(e.message) ? 'IP address mismatch' : 'Hostname mismatch';
    return `[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: ${kind}, certificate is not valid for '${name}'.`;
  }
  const m = /routines:[^:]*:([^:]+):/.exec(e.message);
  if (m) return `[SSL: ${m[1]!.toUpperCase().replace(/ /g, '_')}] ${m[1]}`;
  return e.message;
}
