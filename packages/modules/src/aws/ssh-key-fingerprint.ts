/**
 * The fingerprint EC2 gives an imported public key, computed locally so planning stays read-only
 * (the collection imports the key under a temporary name to learn it): RSA keys are the MD5 of the
 * DER SubjectPublicKeyInfo, ed25519 keys its SHA-256 (AWS prints that one base64, moto as hex).
 */
import { createHash, createPublicKey } from 'node:crypto';

function readString(buf: Buffer, at: number): [Buffer, number] {
  const len = buf.readUInt32BE(at);
  return [buf.subarray(at + 4, at + 4 + len), at + 4 + len];
}

const b64url = (b: Buffer): string => b.toString('base64url');
const stripSign = (b: Buffer): Buffer => (b.length > 1 && b[0] === 0 ? b.subarray(1) : b);
const colonHex = (b: Buffer): string => b.toString('hex').replace(/(..)(?!$)/g, '$1:');

/** The fingerprints EC2 may report for this OpenSSH public key; undefined when unparseable. */
export function importedKeyFingerprints(keyMaterial: string): string[] | undefined {
  try {
    const parts = keyMaterial.trim().split(/\s+/);
    const blob = Buffer.from(parts[1] ?? parts[0] ?? '', 'base64');
    const [type, next] = readString(blob, 0);
    if (type.toString() === 'ssh-rsa') {
      const [e, n1] = readString(blob, next);
      const [n] = readString(blob, n1);
      const der = createPublicKey({ key: { kty: 'RSA', e: b64url(stripSign(e)), n: b64url(stripSign(n)) }, format: 'jwk' }).export({ type: 'spki', format: 'der' });
      return [colonHex(createHash('md5').update(der).digest())];
    }
    if (type.toString() === 'ssh-ed25519') {
      const [x] = readString(blob, next);
      const der = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: b64url(x) }, format: 'jwk' }).export({ type: 'spki', format: 'der' });
      const digest = createHash('sha256').update(der).digest();
      return [colonHex(digest), digest.toString('base64').replace(/=+$/, ''), digest.toString('base64')];
    }
    return undefined;
  } catch {
    return undefined;
  }
}
