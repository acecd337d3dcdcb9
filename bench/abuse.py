#!/usr/bin/env python3
"""Abuse a running `roadbook serve` on loopback and check that ordinary clients
are still served: slow clients, clients that disconnect mid-response, a 1 MB
request line, and 1,000 idle connections. Every loop is bounded in count and time.

usage: bench/abuse.py PORT
Prints one line per case and exits non-zero if an ordinary request failed.
"""
import socket
import sys
import threading
import time

PORT = int(sys.argv[1])
failures = []


def ordinary_get(path="/index.html", timeout=5.0):
    """A plain GET; returns (status, seconds)."""
    started = time.perf_counter()
    s = socket.create_connection(("127.0.0.1", PORT), timeout=timeout)
    s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    data = b""
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
    s.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, time.perf_counter() - started


def check_ordinary(case):
    try:
        status, took = ordinary_get()
        ok = status == 200 and took < 2.0
        print(f"{case}: ordinary GET {status} in {took * 1000:.0f} ms {'ok' if ok else 'FAILED'}")
        if not ok:
            failures.append(case)
    except OSError as e:
        print(f"{case}: ordinary GET failed: {e}")
        failures.append(case)


def slow_clients(n=50, seconds=3.0):
    """n clients that send their request one byte every 100 ms."""
    stop = time.time() + seconds

    def slow():
        try:
            s = socket.create_connection(("127.0.0.1", PORT), timeout=10)
            for b in b"GET /index.html HTTP/1.1\r\nHost: x\r\n":
                if time.time() > stop:
                    break
                s.send(bytes([b]))
                time.sleep(0.1)
            s.close()
        except OSError:
            pass

    threads = [threading.Thread(target=slow) for _ in range(n)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    check_ordinary(f"{n} slow clients")
    for t in threads:
        t.join()


def disconnect_mid_response(n=100):
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", PORT), timeout=5)
        s.sendall(b"GET /backlog.html HTTP/1.1\r\nHost: x\r\n\r\n")
        s.recv(1024)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        s.close()  # a reset in the middle of the response
    check_ordinary(f"{n} clients gone mid-response")


def huge_request_line(size=1 << 20):
    s = socket.create_connection(("127.0.0.1", PORT), timeout=10)
    status = "no answer"
    try:
        s.sendall(b"GET /" + b"a" * size + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        data = s.recv(1024)
        status = data.split(b"\r\n", 1)[0].decode(errors="replace") or "closed"
    except OSError as e:
        status = f"closed ({e.__class__.__name__})"
    s.close()
    print(f"1 MB request line: server answered {status!r}")
    check_ordinary("after a 1 MB request line")


def idle_connections(n=1000):
    held = []
    try:
        for _ in range(n):
            held.append(socket.create_connection(("127.0.0.1", PORT), timeout=5))
        print(f"{len(held)} idle connections open")
        check_ordinary(f"with {len(held)} idle connections")
    except OSError as e:
        print(f"opened {len(held)} idle connections before: {e}")
        check_ordinary(f"with {len(held)} idle connections")
    finally:
        for s in held:
            s.close()


slow_clients()
disconnect_mid_response()
huge_request_line()
idle_connections()
check_ordinary("afterwards")
sys.exit(1 if failures else 0)
