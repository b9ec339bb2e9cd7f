#!/usr/bin/env python3
"""Smart-HTTP git server for Slipway's tests: `git http-backend` as CGI behind a small HTTP/1.1 server.

Checks HTTP basic auth, passes the CGI environment (GIT_PROJECT_ROOT, GIT_HTTP_EXPORT_ALL, REMOTE_USER,
CONTENT_TYPE, QUERY_STRING, PATH_INFO, ...), streams request and response bodies, logs one line per request
(`METHOD path status user`) and can inject faults into fetches: a delay, a throttle, a stall that keeps the
connection open, or a silent mode that accepts connections and never answers. Listens on 127.0.0.1 only and
prints READY once listening. It puts itself in its own process group so that a test can kill it together with
the CGI processes it started.
"""

import argparse
import base64
import os
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

ARGS = None
LOG_LOCK = threading.Lock()


def log_request_line(method, path, status, user):
    with LOG_LOCK, open(ARGS.log, "a", encoding="utf-8") as log:
        log.write(f"{method} {path} {status} {user or '-'}\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "slipway-test-git-http"

    def log_message(self, format, *args):  # keep stderr quiet; the request log is the record
        pass

    def do_GET(self):
        self.handle_git()

    def do_POST(self):
        self.handle_git()

    def authenticated_user(self):
        if ARGS.user is None:
            return ""
        header = self.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return None
        try:
            user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        return user if (user, password) == (ARGS.user, ARGS.password) else None

    def send_plain(self, status, text, extra_headers=()):
        body = text.encode("utf-8")
        self.send_response(status)
        for name, value in extra_headers:
            self.send_header(name, value)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def request_body_chunks(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return
                yield self.rfile.read(size)
                self.rfile.readline()
        else:
            remaining = int(self.headers.get("Content-Length", "0") or "0")
            while remaining > 0:
                chunk = self.rfile.read(min(remaining, 65536))
                if not chunk:
                    return
                remaining -= len(chunk)
                yield chunk

    def handle_git(self):
        path, _, query = self.path.partition("?")
        user = self.authenticated_user()
        if user is None:
            log_request_line(self.command, path, 401, None)
            self.send_plain(401, "authentication required\n", [("WWW-Authenticate", 'Basic realm="git"')])
            return
        is_pack = self.command == "POST" and path.endswith("/git-upload-pack")
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": ARGS.root,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_PROJECT_ROOT": ARGS.root,
            "GIT_HTTP_EXPORT_ALL": "1",
            "GATEWAY_INTERFACE": "CGI/1.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "SERVER_SOFTWARE": self.server_version,
            "REQUEST_METHOD": self.command,
            "PATH_INFO": unquote(path),
            "QUERY_STRING": query,
            "REMOTE_ADDR": self.client_address[0],
            "REMOTE_USER": user,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
        }
        if self.headers.get("Content-Length") and not self.headers.get("Transfer-Encoding"):
            environment["CONTENT_LENGTH"] = self.headers["Content-Length"]
        for header in ("Content-Encoding", "Git-Protocol"):
            if self.headers.get(header):
                environment["HTTP_" + header.upper().replace("-", "_")] = self.headers[header]
        backend = subprocess.Popen(
            ["git", "http-backend"], env=environment, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )

        def feed():
            try:
                for chunk in self.request_body_chunks():
                    backend.stdin.write(chunk)
            except (BrokenPipeError, ValueError, OSError):
                pass
            finally:
                try:
                    backend.stdin.close()
                except OSError:
                    pass

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        if is_pack and ARGS.pack_delay > 0:
            time.sleep(ARGS.pack_delay)

        status = 200
        headers = []
        while True:
            line = backend.stdout.readline()
            if line in (b"\r\n", b"\n", b""):
                break
            name, _, value = line.decode("latin-1").rstrip("\r\n").partition(":")
            if name.lower() == "status":
                status = int(value.strip().split()[0])
            else:
                headers.append((name, value.strip()))
        log_request_line(self.command, path, status, user)
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Transfer-Encoding", "chunked")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        sent = 0
        started = time.monotonic()
        try:
            while True:
                chunk = backend.stdout.read1(16384) if is_pack else backend.stdout.read1(65536)
                if not chunk:
                    break
                if is_pack and ARGS.stall_after >= 0 and sent + len(chunk) > ARGS.stall_after:
                    chunk = chunk[: max(0, ARGS.stall_after - sent)]
                    if chunk:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                        self.wfile.flush()
                    for _ in range(3600):  # hold the connection open, sending nothing, until killed
                        time.sleep(1)
                    return
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.flush()
                sent += len(chunk)
                if is_pack and ARGS.throttle > 0:
                    ahead = sent / ARGS.throttle - (time.monotonic() - started)
                    if ahead > 0:
                        time.sleep(ahead)
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            backend.stdout.close()
            backend.wait()


def serve_silently(port):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", port))
    listener.listen(16)
    print("READY", flush=True)
    held = []
    while True:
        connection, _ = listener.accept()
        held.append(connection)  # never read, never answer


def main():
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--root", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--pack-delay", type=float, default=0.0)
    parser.add_argument("--throttle", type=int, default=0)
    parser.add_argument("--stall-after", type=int, default=-1)
    parser.add_argument("--silent", action="store_true")
    ARGS = parser.parse_args()
    os.setpgrp()
    if ARGS.silent:
        serve_silently(ARGS.port)
        return
    ThreadingHTTPServer.allow_reuse_address = True
    ThreadingHTTPServer.daemon_threads = True
    try:
        server = ThreadingHTTPServer(("127.0.0.1", ARGS.port), Handler)
    except OSError as error:
        print(f"cannot listen on 127.0.0.1:{ARGS.port}: {error}", file=sys.stderr, flush=True)
        sys.exit(1)
    print("READY", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
