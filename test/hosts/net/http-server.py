# The HTTP(S) server the network-module suite runs on each lab host (python3 is there for
# ansible): echo, redirects, basic auth, statuses, a slow answer, files and a checksum list.
# Usage: http-server.py PORT [CERT KEY]  (TLS when a certificate is given)
import http.server, json, sys, time
class H(http.server.BaseHTTPRequestHandler):
    def send_body(self, code, body, ctype='application/json', extra=()):
        b = body.encode() if isinstance(body, str) else body
        self.send_response(code)
        self.send_header('Content-Type', ctype)
        self.send_header('Content-Length', str(len(b)))
        for k, v in extra: self.send_header(k, v)
        self.end_headers()
        if self.command != 'HEAD': self.wfile.write(b)
    def any(self):
        n = int(self.headers.get('Content-Length') or 0)
        data = self.rfile.read(n).decode() if n else ''
        p = self.path
        if p.startswith('/redirect'):
            self.send_body(302, '', 'text/html', [('Location', '/echo?from=redirect')])
        elif p == '/slow':
            time.sleep(8); self.send_body(200, '{}')
        elif p == '/auth':
            if self.headers.get('Authorization') != 'Basic dTpzM2NyZXQtcHc=':
                self.send_body(401, 'no', 'text/plain', [('WWW-Authenticate', 'Basic realm="t"')])
            else: self.send_body(200, '{"auth": true}')
        elif p.startswith('/status/'):
            self.send_body(int(p.split('/')[2]), 'status body', 'text/plain')
        elif p.startswith('/file/'):
            self.send_body(200, 'file content ' + p + '\n', 'application/octet-stream')
        elif p == '/sums':
            import hashlib
            self.send_body(200, hashlib.sha256(b'file content /file/a.bin\n').hexdigest() + '  a.bin\n', 'text/plain')
        else:
            self.send_body(200, json.dumps({'method': self.command, 'path': p, 'body': data, 'ctype': self.headers.get('Content-Type'), 'ua': self.headers.get('User-Agent'), 'x': self.headers.get('X-Custom')}))
    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = any
    def log_message(self, *a): pass
srv = http.server.ThreadingHTTPServer(('127.0.0.1', int(sys.argv[1])), H)
if len(sys.argv) > 3:
    import ssl
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(sys.argv[2], sys.argv[3])
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
srv.serve_forever()
