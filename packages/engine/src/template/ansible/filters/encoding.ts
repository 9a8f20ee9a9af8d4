/** b64encode / b64decode / hash / checksum / md5 / sha1. */
import { createHash, getHashes } from 'node:crypto';
import type { FilterFn } from '../../types.js';
import { arg, filterError, toText } from '../util.js';
import { b64decodeBytes, decodeBytes, encodeText } from './codecs.js';

const b64encode: FilterFn = (_ctx, value, args, kwargs) => {
  const encoding = toText(arg(args, kwargs, 0, 'encoding', 'utf-8'));
  return encodeText(toText(value), encoding).toString('base64');
};

const b64decode: FilterFn = (_ctx, value, args, kwargs) => {
  const encoding = toText(arg(args, kwargs, 0, 'encoding', 'utf-8'));
  return decodeBytes(b64decodeBytes(toText(value)), encoding);
};

/** hashlib names that Node spells differently. */
const HASH_NAMES: Record<string, string> = {
  sha3_224: 'sha3-224', sha3_256: 'sha3-256', sha3_384: 'sha3-384', sha3_512: 'sha3-512',
  blake2b: 'blake2b512', blake2s: 'blake2s256', sha512_224: 'sha512-224', sha512_256: 'sha512-256',
};
const HASHLIB = ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3_224', 'sha3_256', 'sha3_384', 'sha3_512', 'blake2b', 'blake2s', 'sha512_224', 'sha512_256', 'md5-sha1', 'sm3', 'ripemd160'];

export function hexDigest(data: string, hashtype: string): string {
  const name = hashtype.toLowerCase();
  const nodeName = HASH_NAMES[name] ?? name;
  if (!HASHLIB.includes(name) || !getHashes().includes(nodeName)) throw filterError(`unsupported hash type ${hashtype}`);
  return createHash(nodeName).update(encodeText(data)).digest('hex');
}

const hash: FilterFn = (_ctx, value, args, kwargs) => hexDigest(toText(value), toText(arg(args, kwargs, 0, 'hashtype', 'sha1')));

export const encodingFilters: Record<string, FilterFn> = {
  b64encode,
  b64decode,
  hash,
  checksum: (_ctx, value) => hexDigest(toText(value), 'sha1'),
  sha1: (_ctx, value) => hexDigest(toText(value), 'sha1'),
  md5: (_ctx, value) => hexDigest(toText(value), 'md5'),
};
