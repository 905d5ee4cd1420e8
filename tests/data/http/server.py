#!/usr/bin/python3
"""HTTP server of tests/integration/t0745-http-load.sh (Python's http.server).

    server.py PORTFILE LOG [silent]

Listens on 127.0.0.1, on a free port written to PORTFILE once it listens,
and appends one line per request to LOG: "METHOD PATH session=S type=T body=B".
`silent` accepts connections and never answers (for deadlines).
Paths: /missing is 404, /login sets a new session cookie when the request
has none, /whoami is 401 without one, /redirect is 302 to /, /slow answers
after 3 s, /echo is 400 unless the body is "a=1&b=two words" (form) or
{"x": 1} (JSON); anything else is 200.
"""
import http.server
import itertools
import os
import socket
import sys
import time

sessions = itertools.count(1)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def answer(self):
        length = int(self.headers.get("Content-Length", 0))
        body = self.rfile.read(length).decode()
        cookie = self.headers.get("Cookie", "")
        ctype = self.headers.get("Content-Type", "")
        with open(sys.argv[2], "a") as log:
            log.write(f"{self.command} {self.path} session={cookie} type={ctype} body={body}\n")
        headers = {}
        code = 200
        if self.path == "/missing":
            code = 404
        elif self.path == "/login" and not cookie:
            headers["Set-Cookie"] = f"session={next(sessions)}; Path=/"
        elif self.path == "/whoami" and not cookie.startswith("session="):
            code = 401
        elif self.path == "/redirect":
            code, headers["Location"] = 302, "/"
        elif self.path == "/slow":
            time.sleep(3)
        elif self.path == "/echo":
            form = ctype == "application/x-www-form-urlencoded" and body == "a=1&b=two words"
            json = ctype == "application/json" and body == '{"x": 1}'
            code = 200 if form or json else 400
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, value)
        reply = b"" if self.command == "HEAD" else b"hello\n"
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = answer

    def log_message(self, *args):
        pass


def main():
    if len(sys.argv) > 3 and sys.argv[3] == "silent":
        server = socket.create_server(("127.0.0.1", 0), backlog=64)
        port = server.getsockname()[1]
    else:
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        port = httpd.server_address[1]
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(f"{port}\n")
    os.rename(sys.argv[1] + ".tmp", sys.argv[1])
    if len(sys.argv) > 3:
        while True:
            time.sleep(60)
    httpd.serve_forever()


main()
