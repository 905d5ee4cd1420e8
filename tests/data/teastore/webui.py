#!/usr/bin/python3
"""A FAKE TeaStore web UI, for tests/integration/t0760-http_fake_teastore.sh.

    webui.py PORT COUNTS [ADDRESS]

TeaStore (Java microservices: registry, persistence, auth, image,
recommender, web UI) cannot run on this project's 2-core test machine.
This server answers the eight operations of the first study's TeaStore
load (tests/data/spec/workload-http.yaml) under /tools.descartes.teastore.webui/
and demands of a client what the real web UI does: forms as
application/x-www-form-urlencoded bodies, a session cookie (sessionBlob)
given by the login page and sent back with the login, the cart and the
profile, redirects after each POST (302, then GET). It is stricter than
TeaStore where TeaStore would hide a client's mistake behind a redirect to
the login page: a missing or unknown session, a profile or logout without
login are 401, a login without the login page's session 403, wrong
credentials 403, a wrong method 405, a missing or garbled form 400,
another Content-Type 415, an unknown category or product 404.

It listens on ADDRESS (0.0.0.0 by default), PORT 0 for a free one, and keeps
in the JSON file COUNTS, rewritten before each answer (so it is complete
for every answer a client got): "port"; per operation the requests and
those refused (4xx); per session the operations sent with its cookie, and
those sent without one; the GETs that followed a redirect; and "probe",
HTTP/1.0 requests (crbench's readiness probe), counted apart.
"""
import http.server
import json
import os
import secrets
import sys
import threading
import urllib.parse

BASE = "/tools.descartes.teastore.webui"
COOKIE = "sessionBlob"
FORM = "application/x-www-form-urlencoded"
CATEGORIES = range(2, 7)
PRODUCTS = range(7, 107)

lock = threading.Lock()
sessions = {}  # token: {"user": name or None, "redirect": where the last answer sent it}
counts = {"port": 0, "operations": {}, "sessions": {}, "without_session": 0,
          "followed_redirects": 0, "probe": 0}


def save():
    tmp = sys.argv[2] + ".tmp"
    with open(tmp, "w") as f:
        json.dump(counts, f, indent=1, sort_keys=True)
    os.replace(tmp, sys.argv[2])


class Refused(Exception):
    def __init__(self, code, why, headers=None):
        super().__init__(why)
        self.code, self.headers = code, headers or {}


def number(values, key, allowed):
    try:
        value = int(values[key][0])
    except (KeyError, ValueError):
        raise Refused(400, f"{key}: a number, please")
    if value not in allowed:
        raise Refused(404, f"no {key} {value}")
    return value


class WebUI(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    # path under BASE: the method it takes, its handler and its operation's name
    routes = {
        "/": ("GET", "index", "index"),
        "/login": ("GET", "login", "login"),
        "/loginAction": ("POST", "login_action", "loginAction"),
        "/category": ("GET", "category", "category"),
        "/product": ("GET", "product", "product"),
        "/cartAction": ("POST", "cart_action", "cartAction"),
        "/cart": ("GET", "cart", "cart"),
        "/profile": ("GET", "profile", "profile"),
    }

    def session(self):
        for pair in self.headers.get("Cookie", "").split(";"):
            name, _, value = pair.strip().partition("=")
            if name == COOKIE and value in sessions:
                return value
        return None

    def form(self):
        if self.headers.get("Content-Type") != FORM:
            raise Refused(415, f"a form is {FORM}")
        try:
            return urllib.parse.parse_qs(self.body.decode(), keep_blank_values=True,
                                         strict_parsing=True)
        except ValueError:
            raise Refused(400, f"not a form: {self.body!r}")

    def logged_in(self):
        if not self.token or not sessions[self.token]["user"]:
            raise Refused(401, "log in first")

    # Handlers: the answer's code and headers, or Refused.
    def index(self):
        return 200, {}

    def login(self):
        if self.token:
            return 200, {}
        self.token = secrets.token_hex(8)
        sessions[self.token] = {"user": None, "redirect": None}
        counts["sessions"][self.token] = 0
        return 200, {"Set-Cookie": f"{COOKIE}={self.token}; Path={BASE}; HttpOnly"}

    def login_action(self):
        form = self.form()
        if set(form) == {"logout"}:
            self.op = "logout"
            self.logged_in()
            sessions[self.token]["user"] = None
            return 302, {"Location": BASE + "/"}
        if set(form) != {"username", "password"}:
            raise Refused(400, "username and password, or logout")
        if not self.token:
            raise Refused(403, "no session: open the login page first")
        user, password = form["username"][0], form["password"][0]
        if not (user.startswith("user") and user[4:].isdigit() and password == "password"):
            raise Refused(403, "wrong user name or password")
        sessions[self.token]["user"] = user
        return 302, {"Location": BASE + "/"}

    def category(self):
        number(self.query, "category", CATEGORIES)
        number(self.query, "page", range(1, 100))
        return 200, {}

    def product(self):
        number(self.query, "id", PRODUCTS)
        return 200, {}

    def cart_action(self):
        form = self.form()
        if set(form) != {"addToCart", "productid"}:
            raise Refused(400, "addToCart and productid")
        if not self.token:
            raise Refused(401, "no session")
        number(form, "productid", PRODUCTS)
        return 302, {"Location": BASE + "/cart"}

    def cart(self):
        if not self.token:
            raise Refused(401, "no session")
        return 200, {}

    def profile(self):
        self.logged_in()
        return 200, {}

    def handle_request(self):
        url = urllib.parse.urlsplit(self.path)
        route = url.path[len(BASE):] if url.path.startswith(BASE) else None
        if route not in self.routes:
            raise Refused(404, "no such page")
        method, handler, self.op = self.routes[route]
        if self.command != method:
            raise Refused(405, "wrong method", {"Allow": method})
        self.query = urllib.parse.parse_qs(url.query)
        return getattr(self, handler)()

    def count(self, code, sent_session):
        if self.request_version == "HTTP/1.0":
            counts["probe"] += 1
        elif sent_session and self.command == "GET" and \
                sessions[sent_session]["redirect"] == self.path:
            counts["followed_redirects"] += 1
        else:
            c = counts["operations"].setdefault(self.op, {"requests": 0, "refused": 0})
            c["requests"] += 1
            c["refused"] += code >= 400
            if sent_session:
                counts["sessions"][sent_session] += 1
            else:
                counts["without_session"] += 1

    def answer(self):
        # read whatever the method: the connection's next request follows it
        self.body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        with lock:
            self.token = sent_session = self.session()
            self.op = self.path
            try:
                code, headers = self.handle_request()
                body = f"{self.op}\n"
            except Refused as r:
                code, headers, body = r.code, r.headers, f"{r.code}: {r}\n"
            self.count(code, sent_session)
            if self.token:
                sessions[self.token]["redirect"] = headers.get("Location")
            save()
        self.send_response(code)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        try:
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body.encode())
        except ConnectionError:  # crbench's probe hangs up after the status line
            self.close_connection = True

    do_GET = do_POST = do_HEAD = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = answer

    def log_message(self, *args):
        pass


address = sys.argv[3] if len(sys.argv) > 3 else "0.0.0.0"
server = http.server.ThreadingHTTPServer((address, int(sys.argv[1])), WebUI)
counts["port"] = server.server_address[1]
save()
server.serve_forever()
