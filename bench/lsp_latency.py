#!/usr/bin/env python3
"""Time from an edit in the editor to the diagnostics of `roadbook lsp`.

usage: bench/lsp_latency.py ROADBOOK SITE STORY_FILE [RUNS]

Starts `ROADBOOK lsp` on SITE as an editor would (JSON-RPC with Content-Length
framing on stdin and stdout), opens STORY_FILE, then RUNS times sends one
`didChange` that breaks its `epic = "..."` link and measures until the
publishDiagnostics for the file arrives with the error, then one that mends it
and measures until the file's diagnostics are cleared. Nothing is saved: the
server reads the open buffer. Prints each time and the medians, and the time
to the first diagnostics after initialize (the cold check of the site).
"""
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse


def uri(path):
    return "file://" + urllib.parse.quote(os.path.abspath(path))


class Server:
    def __init__(self, roadbook, site):
        self.proc = subprocess.Popen([roadbook, "lsp"], cwd=site, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.next_id = 1

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def read(self):
        length = None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("the server stopped")
            line = line.strip()
            if not line:
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def request(self, method, params):
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self.read()
            if message.get("id") == self.next_id and "method" not in message:
                return message

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, file_uri, wanted):
        while True:
            message = self.read()
            if message.get("method") == "textDocument/publishDiagnostics" \
                    and message["params"]["uri"] == file_uri and wanted(message["params"]["diagnostics"]):
                return message["params"]["diagnostics"]


def main():
    roadbook, site, story = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 15
    text = open(story, encoding="utf-8").read()
    line_no = next(i for i, l in enumerate(text.split("\n")) if l.startswith("epic = "))
    line = text.split("\n")[line_no]
    server = Server(roadbook, site)
    started = time.perf_counter()
    server.request("initialize", {"processId": os.getpid(), "rootUri": uri(site),
                                  "workspaceFolders": [{"uri": uri(site), "name": "bench"}],
                                  "capabilities": {}})
    server.notify("initialized", {})
    file_uri = uri(story)
    server.notify("textDocument/didOpen", {"textDocument": {
        "uri": file_uri, "languageId": "markdown", "version": 1, "text": text}})
    # The first request waits for the cold check of the whole site.
    server.request("textDocument/hover", {"textDocument": {"uri": file_uri},
                                          "position": {"line": 0, "character": 0}})
    cold = time.perf_counter() - started
    broken, mended = [], []
    version = 1
    current = line
    for _ in range(runs):
        for target, times, wanted in (
            ('epic = "NO-SUCH-EPIC"', broken, lambda d: any(x["code"] == "unknown-id" for x in d)),
            (line, mended, lambda d: not d),
        ):
            version += 1
            end = len(current.encode("utf-16-le")) // 2
            change = {"range": {"start": {"line": line_no, "character": 0},
                                "end": {"line": line_no, "character": end}},
                      "text": target}
            sent = time.perf_counter()
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": file_uri, "version": version}, "contentChanges": [change]})
            server.diagnostics(file_uri, wanted)
            times.append((time.perf_counter() - sent) * 1000)
            current = target
    server.request("shutdown", None)
    server.notify("exit", None)
    server.proc.wait(timeout=30)
    print(f"cold: initialize to the first answer (whole site checked): {cold * 1000:.0f} ms")
    print("break a link → error shown (ms):", " ".join(f"{t:.0f}" for t in broken))
    print("mend it → diagnostics cleared (ms):", " ".join(f"{t:.0f}" for t in mended))
    print(f"median: {statistics.median(broken):.0f} ms to show, {statistics.median(mended):.0f} ms to clear "
          f"({runs} runs each)")


if __name__ == "__main__":
    main()
