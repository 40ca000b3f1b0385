"""Starts the real orderd binary on a free port with a fresh data directory for the SDK tests."""

import json
import os
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest

DEMO_AK = "ORDERDDEMOAK00000001"
DEMO_SK = "orderdDemoSecretKey000000000000000000000"
DEMO_PROJECT = "0bec5db98280d2d02fd6c00c2de791ce"
DEMO_DOMAIN = "2f6a9c1e4b7d40f8a3e5c7b9d1f3a5c7"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Orderd:
    def __init__(self, binary):
        self.data_dir = tempfile.TemporaryDirectory()
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = open(os.path.join(self.data_dir.name, "orderd.log"), "wb")
        self.process = subprocess.Popen(
            [binary, "serve", "--listen", f"127.0.0.1:{self.port}", "--data-dir", self.data_dir.name],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.endpoint + "/health", timeout=1) as r:
                    if json.load(r)["status"] == "ok":
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("orderd did not start: " + self.logs())
            time.sleep(0.05)

    def logs(self):
        with open(os.path.join(self.data_dir.name, "orderd.log"), "rb") as f:
            return f.read().decode(errors="replace")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()
        self.data_dir.cleanup()


@pytest.fixture(scope="session")
def orderd():
    binary = os.environ.get("ORDERD_BIN", os.path.join(os.path.dirname(__file__), "..", "..", "target", "debug", "orderd"))
    server = Orderd(binary)
    yield server
    server.stop()
