#!/usr/bin/env python3
"""Time from saving a story to the reload event of `roadbook serve`.

usage: bench/reload_latency.py ROADBOOK SITE STORY_FILE [RUNS]

Starts `ROADBOOK serve SITE -p 0`, then RUNS times: waits on the long-poll endpoint,
appends a line to STORY_FILE, and measures until the poll answers with a new
version (what the page's script waits for before it reloads). Prints each time
and the median. The story file is restored at the end.
"""
import http.client
import json
import statistics
import subprocess
import sys
import threading
import time


def poll(port, version):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/__roadbook/poll?v=" + version)
    return json.loads(conn.getresponse().read())["version"]


def main():
    roadbook, site, story = sys.argv[1], sys.argv[2], sys.argv[3]
    runs = int(sys.argv[4]) if len(sys.argv) > 4 else 7
    server = subprocess.Popen([roadbook, "serve", site, "-p", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    original = open(story, encoding="utf-8").read()
    try:
        line = server.stdout.readline()
        port = int(line.split("http://127.0.0.1:")[1].split("/")[0])
        version = poll(port, "none")
        times = []
        for run in range(runs):
            result = {}
            waiter = threading.Thread(target=lambda: result.update(v=poll(port, version)))
            waiter.start()
            time.sleep(0.3)  # the poll is waiting
            started = time.perf_counter()
            with open(story, "w", encoding="utf-8") as f:
                f.write(original + f"\nEdit {run}.\n")
            waiter.join()
            times.append((time.perf_counter() - started) * 1000)
            version = result["v"]
            time.sleep(0.5)  # let a second burst, if any, settle
            version = poll(port, "none")
            print(f"run {run + 1}: {times[-1]:.0f} ms")
        print(f"median: {statistics.median(times):.0f} ms over {runs} saves")
    finally:
        with open(story, "w", encoding="utf-8") as f:
            f.write(original)
        server.kill()


if __name__ == "__main__":
    main()
