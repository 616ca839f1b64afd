# --8<-- [start:serve]
import json
import subprocess
import sys
import threading
import urllib.parse
import urllib.request

# `tensorboard --logdir logs/tensorboard`, started from Python on a free
# port (0) so that we can ask it questions and stop it again.
command = [sys.executable, "-m", "tensorboard.main",
           "--logdir", "logs/tensorboard", "--host", "127.0.0.1", "--port", "0",
           "--load_fast=false",  # the built-in Python reader,
           "--reload_interval=0", "--reload_task=blocking"]  # reading once
server = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
watchdog = threading.Timer(60, server.kill)  # never wait forever
watchdog.start()
url = None
for line in server.stderr:  # "TensorBoard 2.21.0 at http://127.0.0.1:PORT/ ..."
    if " at http://" in line:
        url = line.split(" at ")[1].split()[0]
        break
if url is None:
    raise RuntimeError("TensorBoard did not start")
print(url.startswith("http://127.0.0.1:"))
# --8<-- [end:serve]


# --8<-- [start:ask]
def get(path, **query):
    address = f"{url}{path}?{urllib.parse.urlencode(query)}"
    with urllib.request.urlopen(address) as response:
        return json.load(response)


# The scalar chart's own data: every run's tags, then [wall_time, step, value]
tags = get("data/plugin/scalars/tags")
for run in sorted(tags):
    for tag in sorted(tags[run]):
        points = get("data/plugin/scalars/scalars", run=run, tag=tag)
        print(f"{run:<13} {tag:<5} {len(points)} points")
# --8<-- [end:ask]

# --8<-- [start:stop]
server.terminate()  # what Ctrl+C does in the terminal
server.wait(timeout=30)
watchdog.cancel()
# --8<-- [end:stop]
