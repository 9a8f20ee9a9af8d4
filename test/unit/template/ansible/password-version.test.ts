import assert from 'node:assert/strict';
import { passwordHash, versionCompare } from '@pgplay/engine';

describe('template/ansible: password_hash vectors (passlib)', () => {
  it('matches passlib for sha512_crypt, sha256_crypt and md5_crypt', () => {
    assert.equal(passwordHash('secret', 'sha512', 'abcdefgh', null, 5000), '$6$abcdefgh$ltjgWl6579NluT/Vi1nwEvcil.G5Nbc4NiXZaNGStk8PSwGfQv72N2CKPPrVACtLtip/cZ/1GM/O6IND4WQhG.');
    assert.equal(passwordHash('secret', 'sha256', 'abcdefgh', null, 10000), '$5$rounds=10000$abcdefgh$xH5OIv1xXYrZ3ShkQqwef3DzYdGY9C2Tq1B2B75WTC0');
    assert.equal(passwordHash('secret', 'md5', 'abcdefgh', null, null), '$1$abcdefgh$cHJi5PXp/ki/ktXzqlk6I1');
  });
  it('uses crypt default rounds (656000) when none are given', function () {
    this.timeout(20000);
    assert.equal(passwordHash('secret', 'sha512', 'abcdefgh', null, null), '$6$rounds=656000$abcdefgh$/Ei/7YaGhLUaj/.Vzhbn8/qTav7snBIiSWc4ltNfH/h5CKGCnV8KtAzHxd56WDXc3DF7SfbULGkU/EoGIlOV70');
  });
  it('draws a random salt of the algorithm size', () => {
    const h = passwordHash('secret', 'md5_crypt', null, null, null);
    assert.match(h, /^\$1\$[./0-9A-Za-z]{8}\$[./0-9A-Za-z]{22}$/);
  });
  it('rejects bad salts as passlib does', () => {
    assert.throws(() => passwordHash('s', 'sha512', 'bad salt!', null, 5000), /invalid characters in sha512_crypt salt/);
    assert.throws(() => passwordHash('s', 'md5', 'abcdefghijk', null, null), /salt too large \(md5_crypt requires <= 8 chars\)/);
    assert.throws(() => passwordHash('s', 'nope', null, null, null), /passlib does not support 'nope' algorithm/);
  });
});

describe('template/ansible: version comparison (LooseVersion, StrictVersion, SemanticVersion)', () => {
  const cases: [string, string, string, unknown, string | null, boolean][] = [
    ['1.10', '1.9', 'gt', null, null, true],
    ['1.0a', '1.0', 'lt', null, null, false],
    ['1.0.0-rc.1', '1.0.0-rc.2', 'lt', null, 'semver', true],
    ['1.0b1', '1.0a2', 'gt', true, null, true],
    ['2.0', '2.0.0', 'eq', null, null, false],
    ['2.0', '2.0.0', 'eq', true, null, true],
    ['1.0.dev1', '1.0a1', '<', null, 'pep440', true],
  ];
  for (const [a, b, op, strict, type, want] of cases) {
    it(`${a} ${op} ${b} (${type ?? (strict ? 'strict' : 'loose')}) is ${want}`, () => assert.equal(versionCompare(a, b, op, strict, type), want));
  }
  it('reports Python errors as Ansible words them', () => {
    assert.throws(() => versionCompare('1.a', '1.1', '<', null, null), /Version comparison failed: '<' not supported between instances of 'str' and 'int'/);
    assert.throws(() => versionCompare('1.0.0.0', '1.0', '<', true, null), /Version comparison failed: invalid version number '1.0.0.0'/);
    assert.throws(() => versionCompare('1', '1', 'approx', null, null), /Invalid operator type \(approx\)/);
  });
});

describe('template/ansible: bcrypt (passlib, $2b$)', () => {
  it('matches passlib, repairing the salt and truncating the key at 72 bytes', () => {
    assert.equal(passwordHash('secret', 'blowfish', 'abcdefghijklmnopqrstuv', null, 5), '$2b$05$abcdefghijklmnopqrstuuOQiyCxlgf/oeuTqixKmWdcYUh4Hjl0a');
    assert.equal(passwordHash('x'.repeat(80), 'bcrypt', 'b'.repeat(22), null, 4), '$2b$04$bbbbbbbbbbbbbbbbbbbbbOcAEX/Ogf.iRpF1D9lnE1erdDDRS4Sn2');
    assert.equal(passwordHash('secret', 'blowfish', 'a'.repeat(22), null, 4, '2a'), '$2a$04$aaaaaaaaaaaaaaaaaaaaaOGY9KrC7e/pHj3EXQPxs8hKEBbvQhsvG');
  });
});
