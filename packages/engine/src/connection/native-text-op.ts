/**
 * The resident Python server's `text` op (native-files-server.ts includes this source): the text
 * modules' probe (modules util/text-file.ts probeTextFile: lineinfile, blockinfile, replace,
 * ini_file). Why: through sh it forks `cat` and `stat` (and `readlink -f`, `id`, `getent` in
 * corner cases), 2–5 ms of the host's CPU per task; here it is a few system calls. The answer is
 * byte for byte what the sh script prints with exit status 0, so one parser reads both: the umask
 * line, id's line, then NUL-separated fields (kind, owner id or 'x', group id or 'x'; for a file
 * the followed `%a %u %g %s` of a link, the real path, statLines' S/T/F lines, and the content).
 *
 * Declined (the caller runs the sh script, which reports what happens in its own words): a file
 * that cannot be opened (cat's "Permission denied" is a failure with stderr, which this protocol
 * does not carry), one that is not a regular file (cat of a fifo would wait), one larger than
 * TEXT_MAX, a real path through more than 20 links or one `readlink -f` would not resolve, and a
 * file that vanished between two of the calls.
 */
export const NATIVE_TEXT_OP = String.raw`
# Bigger files are read through sh: the answer is held in memory whole on both ends.
TEXT_MAX = 32 << 20


def is_link(p):
    # dash's test -L: lstat; any error is "no".
    try:
        return S.S_ISLNK(os.lstat(p).st_mode)
    except (OSError, ValueError):
        return False


def plain_path(p):
    # text-file.ts REALPATH: an absolute path with no empty, '.' or '..' component and no link on
    # the way (each prefix tested with -L) is its own real path; anything else goes to readlink -f.
    if not p.startswith(b'/') or b'//' in p or b'/./' in p or b'/../' in p or p.endswith((b'/', b'/.', b'/..')):
        return False
    acc = b''
    for c in p[1:].split(b'/'):
        acc += b'/' + c
        if is_link(acc):
            return False
    return True


def first(req, key):
    v = req.get(key) or [b'']
    return v[0]


def read_all(p, limit):
    # cat -- P: every byte to the end. Not openable (cat's rc 1 and message) or too big: sh's.
    try:
        fd = os.open(p, os.O_RDONLY)
    except OSError:
        raise Fallback()
    try:
        chunks = []
        total = 0
        while True:
            c = os.read(fd, 1 << 20)
            if not c:
                break
            total += len(c)
            if total > limit:
                raise Fallback()
            chunks.append(c)
        return b''.join(chunks)
    except OSError:
        raise Fallback()
    finally:
        os.close(fd)


def text(req, ident):
    p = first(req, 'path')
    owner = first(req, 'owner')
    group = first(req, 'group')
    # ou=$(id -u -- "$o" 2>/dev/null) || ou=x
    ou = b''
    if owner:
        i = user_id(os.fsdecode(owner))
        ou = b'x' if i is None else b'%d' % i
    # gg=$(getent group -- "$g" 2>/dev/null | cut -d: -f3); [ -n "$gg" ] || gg=x
    gg = b''
    if group:
        i = group_id(os.fsdecode(group), True)
        gg = b'x' if i is None else b'%d' % i
    try:
        st = os.stat(p)
    except (OSError, ValueError):
        st = None
    kind = b'missing' if st is None else b'directory' if S.S_ISDIR(st.st_mode) else b'file'
    um = os.umask(0)
    os.umask(um)
    head = b'%04o\n' % um + ident + b'\n' + b'\0' + kind + b'\0' + ou + b'\0' + gg + b'\0'
    if kind != b'file':
        return head
    if not S.S_ISREG(st.st_mode) or st.st_size > TEXT_MAX:
        raise Fallback()
    names = Names()
    try:
        lst = os.lstat(p)
        link = S.S_ISLNK(lst.st_mode)
        s = b''
        if link:
            f = os.stat(p)
            s = b'%o %d %d %d' % (S.S_IMODE(f.st_mode), f.st_uid, f.st_gid, f.st_size)
        r = p if plain_path(p) else subst(realpath_m(p, True))
        lines = b'S ' + stat_line(os.lstat(p), names) + b'\n'
        if link:
            lines += b'T ' + subst(os.readlink(p)) + b'\n'
            lines += echo(b'F ' + stat_line(os.stat(p), names))
    except OSError:
        raise Fallback()
    return head + s + b'\0' + r + b'\0' + lines + b'\0' + read_all(p, TEXT_MAX)
`;
