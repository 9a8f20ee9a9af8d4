/**
 * The Python source of the host's resident file probe (native-coprocess.ts starts it as
 * `python3 -I -S -c <this> <token>`). Why: a file probe through sh starts four or five processes
 * on the host (sh, stat, the *sum program, cat…), 3–6 ms of the host's CPU per task against
 * ~0.4 ms for the round trip itself; one Python process per connection answers the same
 * questions with system calls. It prints byte for byte what the sh probe prints
 * (file-state.ts, probeScript's combined form) so both share one parser, and the differential
 * test (test/unit/native-files-probe.test.ts) runs both on random trees and compares.
 *
 * Protocol: the server prints its token on a line of its own when ready; then, per request (one
 * line, native-coprocess.ts encodeRequest: op 'files' with paths, checksum, follow, users, groups,
 * walk, extras; op 'text' (native-text-op.ts) with path, owner, group), a header
 * line "<id> <length>" and exactly <length> bytes of answer, or "<id> -1" when it cannot answer
 * exactly (the caller then runs the sh probe). Python 3.6+ (no newer syntax), standard library
 * only. Kept as a string module so the package ships it with no build step of its own.
 */
import { NATIVE_TEXT_OP } from './native-text-op.js';

export const NATIVE_FILES_SERVER = String.raw`
import errno, grp, os, pwd, stat as S, sys

# Only modules Python starts with or that are small C modules: json, re and subprocess would
# cost the host 30-60 ms of CPU at each start (one per connection), as much as a dozen sh
# probes. hashlib is imported when a checksum is first asked for.

# pgplay's resident file probe (see native-files-server.ts for why it exists). Every answer is
# the exact bytes the sh probe (file-state.ts probeScript, combined form) prints for the same
# file system state, so the controller parses one format. Anything it cannot answer exactly
# raises Fallback: the controller then runs the sh probe instead.


class Fallback(Exception):
    pass


OUT = sys.stdout.buffer
INP = sys.stdin.buffer
OCT = b'01234567'
ESC = {92: 92, 97: 7, 98: 8, 102: 12, 110: 10, 114: 13, 116: 9, 118: 11}


def b(s):
    return s.encode('utf-8', 'surrogateescape')


def parse_request(line):
    # "<id> TAB <op> (TAB key=value)*": a list value is "x<hex>" items joined by commas (the x
    # tells [""] from []), a flag "1", extras the letters of what is asked (m: mime, a: attributes).
    fields = line.rstrip(b'\n').split(b'\t')
    req = {'id': fields[0], 'op': fields[1]}
    for f in fields[2:]:
        k, _, v = f.partition(b'=')
        k = k.decode()
        if k in ('paths', 'users', 'groups', 'walk', 'path', 'owner', 'group'):
            req[k] = [bytes.fromhex(x[1:].decode()) for x in v.split(b',')] if v else []
        elif k == 'checksum':
            req[k] = v
        elif k == 'follow':
            req[k] = v == b'1'
        elif k == 'extras':
            req[k] = {'mime': b'm' in v, 'attributes': b'a' in v}
        else:
            raise Fallback()
    return req


def echo(s):
    # dash's echo (one argument): backslash escapes are interpreted, \c ends the output there
    # without the newline (bltin/printf.c conv_escape_str).
    r = bytearray()
    i = 0
    n = len(s)
    while i < n:
        ch = s[i]
        i += 1
        if ch != 92:
            r.append(ch)
            continue
        if i >= n:
            r.append(92)
            break
        c = s[i]
        i += 1
        if c == 99:
            return bytes(r)
        if c == 48 and i < n and s[i] in OCT:
            i += 1
        j = i - 1
        if s[j] in ESC:
            r.append(ESC[s[j]])
            i = j + 1
        elif s[j] in OCT:
            v = 0
            k = 3
            while True:
                v = v * 8 + s[j] - 48
                j += 1
                k -= 1
                if not (j < n and s[j] in OCT and k):
                    break
            r.append(v & 0xff)
            i = j
        else:
            r.append(92)
            i = j
    return bytes(r) + b'\n'


def subst(data):
    # A command substitution's value: trailing newlines go.
    return data.rstrip(b'\n')


class Names:
    # getpwuid/getgrgid answers for one request (stat's %U/%G), looked up once each.
    def __init__(self):
        self.u = {}
        self.g = {}

    def user(self, uid):
        if uid not in self.u:
            try:
                self.u[uid] = b(pwd.getpwuid(uid).pw_name)
            except KeyError:
                self.u[uid] = b'UNKNOWN'
        return self.u[uid]

    def group(self, gid):
        if gid not in self.g:
            try:
                self.g[gid] = b(grp.getgrgid(gid).gr_name)
            except KeyError:
                self.g[gid] = b'UNKNOWN'
        return self.g[gid]


def ts(ns):
    # GNU stat's %.9X: seconds, a dot, nine digits; a negative time with a fraction counts
    # towards zero ("-1.500000000"), as coreutils' out_epoch_sec prints it.
    sec, frac = divmod(ns, 1000000000)
    if sec < 0 and frac:
        return b'-%d.%09d' % (-(sec + 1), 1000000000 - frac)
    return b'%d.%09d' % (sec, frac)


def stat_line(st, names):
    # STAT_FORMAT: %f %u %g %s %.9X %.9Y %.9Z %i %d %h %b %o %t %T %U %G
    return b' '.join([
        b'%x' % st.st_mode, b'%d' % st.st_uid, b'%d' % st.st_gid, b'%d' % st.st_size,
        ts(st.st_atime_ns), ts(st.st_mtime_ns), ts(st.st_ctime_ns), b'%d' % st.st_ino, b'%d' % st.st_dev,
        b'%d' % st.st_nlink, b'%d' % st.st_blocks, b'%d' % st.st_blksize,
        b'%x' % os.major(st.st_rdev), b'%x' % os.minor(st.st_rdev), names.user(st.st_uid), names.group(st.st_gid),
    ])


def up(rname):
    # Back up over the last component ("/a/b" and "/a/b/" both give "/a/"); "/" stays.
    if len(rname) > 1:
        rname = rname[:-1]
        rname = rname[:rname.rfind(b'/') + 1]
    return rname


def realpath_m(name, strict=False):
    # GNU "realpath -m" (gnulib canonicalize_filename_mode, CAN_MISSING), step for step: links
    # are resolved as found (readlink on each component), missing parts kept. strict: for
    # "readlink -f" (CAN_ALL_BUT_LAST) on a path that exists, where a component readlink fails on
    # other than by not being a link (missing, not a directory…) is readlink's error to report.
    if name == b'':
        return None
    if name.startswith(b'/'):
        rname = b'/'
        rest = name[1:]
    else:
        rname = os.getcwdb()
        rest = name
    num_links = 0
    while True:
        rest = rest.lstrip(b'/')
        if not rest:
            break
        k = rest.find(b'/')
        comp = rest if k < 0 else rest[:k]
        after = b'' if k < 0 else rest[k:]
        if comp == b'.':
            rest = after
            continue
        if comp == b'..':
            rname = up(rname)
            rest = after
            continue
        parent = rname if rname.endswith(b'/') else rname + b'/'
        rname = parent + comp
        try:
            target = os.readlink(rname)
        except OSError as e:
            if strict and e.errno != errno.EINVAL:
                raise Fallback()
            rest = after
            continue
        num_links += 1
        if num_links > 20:
            # Past 20 links gnulib starts looking for loops, and how it settles one changed with
            # coreutils 9.0 (Ubuntu 22.04 has 8.32): leave such a path to the host's realpath.
            raise Fallback()
        rest = target + after
        rname = b'/' if target.startswith(b'/') else up(rname)
    if len(rname) > 1 and rname.endswith(b'/'):
        rname = rname[:-1]
    return rname


def user_id(name):
    # "id -u -- NAME": the user by name, else a number that names an existing uid (gnulib
    # parse_user_spec: leading blanks and a '+' allowed); None when id fails.
    try:
        return pwd.getpwnam(name).pw_uid
    except (KeyError, ValueError):
        pass
    sign, digits = number(name)
    if digits is None or sign == '-' or int(digits) > 0xfffffffe:
        return None
    try:
        return pwd.getpwuid(int(digits)).pw_uid
    except (KeyError, OverflowError):
        return None


def number(name):
    # strtoul's view: blanks, an optional sign, then only digits (sign, digits); (None, None) else.
    t = name.lstrip(' \t\n\v\f\r')
    sign = ''
    if t[:1] in ('+', '-'):
        sign, t = t[0], t[1:]
    if t and all('0' <= ch <= '9' for ch in t):
        return sign, t
    return None, None


def group_id(name, dashdash=False):
    # "getent group NAME | cut -d: -f3": a key strtoul takes whole is a gid (getgrgid), anything
    # else a name. dashdash: "getent group -- NAME", where "-0" is a (negated) number.
    if name.startswith('-') and not dashdash:
        return None  # getent reads it as an option and fails
    sign, digits = number(name)
    try:
        if digits is not None:
            v = int(digits)
            v = 0xffffffffffffffff if v > 0xffffffffffffffff else v
            if sign == '-':
                v = (-v) & 0xffffffffffffffff
            return grp.getgrgid(v & 0xffffffff).gr_gid
        return grp.getgrnam(name).gr_gid
    except (KeyError, ValueError, OverflowError):
        return None


FIND_TYPE = {S.S_IFREG: b'f', S.S_IFDIR: b'd', S.S_IFLNK: b'l', S.S_IFIFO: b'p', S.S_IFSOCK: b's', S.S_IFCHR: b'c', S.S_IFBLK: b'b'}


def walk(root, out):
    # find ROOT -mindepth 1 -printf 'W %y %Y %m %U %G %p\n' (no links followed; pre-order; each
    # directory in readdir order, which fts keeps below 10000 entries: above, it may sort by inode).
    if root.startswith(b'-') or root in (b'!', b'(', b')', b','):
        raise Fallback()  # find would read these as expression words
    try:
        st = os.lstat(root)
    except OSError:
        return
    if not S.S_ISDIR(st.st_mode):
        return
    walk_dir(root, out)


def walk_dir(d, out):
    try:
        names = [e.name for e in os.scandir(d)]
    except OSError:
        return
    if len(names) >= 10000:
        raise Fallback()
    base = d if d.endswith(b'/') else d + b'/'
    for name in names:
        p = base + name
        try:
            st = os.lstat(p)
        except OSError:
            continue
        y = FIND_TYPE.get(S.S_IFMT(st.st_mode), b'?')
        ty = y
        if y == b'l':
            try:
                ty = FIND_TYPE.get(S.S_IFMT(os.stat(p).st_mode), b'?')
            except OSError as e:
                # find's letters for a link it cannot follow; other errors (ENOTDIR: findutils
                # 4.9 says N, older ones may say ?) are left to the host's find.
                if e.errno not in (errno.ENOENT, errno.ELOOP):
                    raise Fallback()
                ty = b'N' if e.errno == errno.ENOENT else b'L'
        out.append(b'W %s %s %o %d %d %s\n' % (y, ty, S.S_IMODE(st.st_mode), st.st_uid, st.st_gid, p))
        if y == b'd':
            walk_dir(p, out)


def access(p, mode):
    # dash's test -r/-w/-x: faccessat with AT_EACCESS.
    try:
        return os.access(p, mode, effective_ids=True)
    except OSError:
        return False


def run_out(argv):
    # "v=$(ARGV 2>/dev/null)" (input from /dev/null): the output without trailing newlines, or None
    # when the program failed or is missing. fork and exec by hand: see the imports.
    r, w = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(r)
        os.close(w)
        return None
    if pid == 0:
        try:
            nul = os.open('/dev/null', os.O_RDWR)
            os.dup2(nul, 0)
            os.dup2(w, 1)
            os.dup2(nul, 2)
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    os.close(w)
    chunks = []
    while True:
        c = os.read(r, 65536)
        if not c:
            break
        chunks.append(c)
    os.close(r)
    status = os.waitpid(pid, 0)[1]
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0:
        return subst(b''.join(chunks))
    return None


def checksum(p, alg):
    import hashlib
    try:
        h = hashlib.new(alg.decode())
        with open(p, 'rb') as f:
            while True:
                chunk = f.read(1 << 20)
                if not chunk:
                    break
                h.update(chunk)
        return b'C ' + h.hexdigest().encode() + b'  -\n'
    except OSError:
        return b'C \n'


def files(req, ident):
    names = Names()
    out = []
    um = os.umask(0)
    os.umask(um)
    out.append(b'M %04o\n' % um)
    out.append(b'I ' + ident + b'\n')
    for u in req.get('users') or []:
        i = user_id(os.fsdecode(u))
        out.append(echo(b'U ' + (b'-' if i is None else b'%d' % i) + b' ' + u))
    for g in req.get('groups') or []:
        i = group_id(os.fsdecode(g))
        out.append(echo(b'G ' + (b'-' if i is None else b'%d' % i) + b' ' + g))
    for root in req.get('walk') or []:
        out.append(b'w ' + root + b'\n')
        walk(root, out)
    follow = bool(req.get('follow'))
    alg = req.get('checksum')
    extras = req.get('extras')
    existing = []
    for p in req.get('paths') or [b'']:
        out.append(b'P ' + p + b'\n')
        try:
            lst = os.lstat(p)
        except (OSError, ValueError):
            continue
        out.append(b'E\n')
        existing.append(p)
        link = S.S_ISLNK(lst.st_mode)
        if link:
            try:
                out.append(b'T ' + subst(os.readlink(p)) + b'\n')
            except OSError:
                out.append(b'T \n')
        if follow and link:
            try:
                out.append(echo(b'F ' + stat_line(os.stat(p), names)))
            except OSError:
                out.append(b'F \n')
            out.append(b'R ' + subst(realpath_m(p) or b'') + b'\n')
        if alg:
            try:
                regular = S.S_ISREG(os.stat(p).st_mode)
            except OSError:
                regular = False
            if regular and access(p, os.R_OK) and (not link or follow):
                out.append(checksum(p, alg))
        if extras is not None:
            out.append(b'A ' + (b'r' if access(p, os.R_OK) else b'') + (b'w' if access(p, os.W_OK) else b'') + (b'x' if access(p, os.X_OK) else b'') + b'\n')
            if not follow and link:
                out.append(b'R ' + subst(realpath_m(p) or b'') + b'\n')
            if extras.get('mime'):
                m = run_out(['file', '--mime-type', '--mime-encoding', '--', p])
                if m is not None:
                    out.append(b'Y ' + m + b'\n')
            if extras.get('attributes'):
                a = run_out(['lsattr', '-vd', '--', p])
                if a is not None:
                    out.append(b'V ' + a + b'\n')
    # stat's lines come after the loop in the sh probe (after the checksums' reads, which may
    # move atime); a path gone meanwhile would make it print fewer: leave that to the sh probe.
    for p in existing:
        try:
            out.append(b'Z ' + stat_line(os.lstat(p), names) + b'\n')
        except OSError:
            raise Fallback()
    return b''.join(out)


${NATIVE_TEXT_OP}

OPS = {b'files': files, b'text': text}


def main():
    token = sys.argv[1].encode()
    ident = subst(os.environ.get('__pgplay_id', '').encode('utf-8', 'surrogateescape'))
    if not ident:
        ident = run_out(['id']) or b''
    OUT.write(token + b'\n')
    OUT.flush()
    while True:
        line = INP.readline()
        if not line:
            return
        rid = line.split(b'\t', 1)[0].strip()
        try:
            req = parse_request(line)
            op = OPS.get(req['op'])
            if op is None:
                raise Fallback()
            body = op(req, ident)
            OUT.write(b'%s %d\n' % (rid, len(body)) + body)
        except Exception:
            OUT.write(b'%s -1\n' % rid)
        OUT.flush()


main()
`;
