"""A peer that misbehaves, for the network fault tests (t920-t939).

faultsrv.py PORTFILE LOG MODE [ARG...]

Listens on 127.0.0.1 (a port of the kernel's choice), writes the port to
PORTFILE (whole, by rename) once listening, and logs one JSON line per
connection to LOG ({"t": seconds since the epoch, "method", "path"}), so a
test counts tries.  Every connection gets a thread; the server runs until
killed.  Modes:

  hang               read the request, never answer, keep the connection
  slow SECONDS       a 200 answer (BODY below), one byte every SECONDS
  status CODE...     answer CODE (the last one for every later request);
                     CODE may be CODE/RETRY-AFTER, which adds that header
  garbage            answer bytes that are not HTTP, then close
  close              read the request, close without a word

The body of an answer is the environment's FAULT_BODY, or "up 1\\n" (one
Prometheus sample, so a scrape of it parses).
"""
import json
import os
import socket
import sys
import threading
import time

portfile, logfile, mode = sys.argv[1], sys.argv[2], sys.argv[3]
args = sys.argv[4:]
body = os.environ.get("FAULT_BODY", "up 1\n").encode()
lock = threading.Lock()
count = [0]


def read_request(c):
    """The request line (method, path); its headers and body are read and
    dropped.  None when the peer closed first."""
    data = b""
    while b"\r\n\r\n" not in data:
        got = c.recv(65536)
        if not got:
            return None
        data += got
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    length = 0
    for h in lines[1:]:
        k, _, v = h.partition(":")
        if k.strip().lower() == "content-length":
            length = int(v.strip())
    while len(rest) < length:
        got = c.recv(65536)
        if not got:
            break
        rest += got
    parts = lines[0].split(" ")
    return parts[0], parts[1] if len(parts) > 1 else ""


def answer(code, retry_after=None):
    reason = {200: "OK", 429: "Too Many Requests", 500: "Internal Server Error",
              503: "Service Unavailable"}.get(code, "Whatever")
    h = "HTTP/1.1 %d %s\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n" \
        "Connection: close\r\n" % (code, reason, len(body))
    if retry_after is not None:
        h += "Retry-After: %s\r\n" % retry_after
    return h.encode() + b"\r\n" + body


def serve(c):
    try:
        serve1(c)
    except OSError:
        pass  # the client went away: that is its right


def serve1(c):
    with c:
        req = read_request(c)
        with lock:
            n = count[0]
            count[0] += 1
            with open(logfile, "a") as f:
                f.write(json.dumps({"t": time.time(),
                                    "method": req[0] if req else None,
                                    "path": req[1] if req else None}) + "\n")
        if req is None:
            return
        if mode == "hang":
            while c.recv(65536):
                pass
        elif mode == "slow":
            for b in answer(200):
                c.sendall(bytes([b]))
                time.sleep(float(args[0]))
        elif mode == "status":
            code, _, ra = args[min(n, len(args) - 1)].partition("/")
            c.sendall(answer(int(code), ra or None))
        elif mode == "garbage":
            c.sendall(b"\x00\x01\x02SSH-2.0-garbage \xff\xfe not HTTP at all\n" * 4)
        # close: nothing


s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(128)
with open(portfile + ".tmp", "w") as f:
    f.write(str(s.getsockname()[1]))
os.rename(portfile + ".tmp", portfile)
while True:
    conn, _ = s.accept()
    threading.Thread(target=serve, args=(conn,), daemon=True).start()
