"""gunicorn on loopback measured by wrk: shared by `make bench` and the load test."""

import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings

WRK_REPORT = Path(__file__).with_name("wrk_report.lua")
# Where gunicorn, nginx and the other servers of the benchmark and tests listen by default.
SERVER_PORTS = range(8100, 8300)


def free_port(ports=SERVER_PORTS):
    """A free loopback port in the range, below the ports handed to outgoing connections."""
    ports = list(ports)
    random.shuffle(ports)
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {ports[0]}-{ports[-1]}")


def wait_until_up(url, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def launch(command, url, stdout, stderr, **options):
    """Start a server and wait until url answers; stop it and raise if it never does."""
    with open(stdout, "w") as out, open(stderr, "w") as err:
        process = subprocess.Popen(command, stdout=out, stderr=err, **options)
    try:
        wait_until_up(url, process)
    except RuntimeError:
        stop(process)
        raise
    return process


def on_a_free_port(start, attempts=3, ports=SERVER_PORTS):
    """Call start(port) until it works: other programs pick ports in the same range."""
    for attempt in range(1, attempts + 1):
        try:
            return start(free_port(ports))
        except RuntimeError:
            if attempt == attempts:
                raise


class Gunicorn:
    """gunicorn with the project's gunicorn.conf.py on a loopback port, logs in log_dir."""

    def __init__(self, env, log_dir, workers=2):
        self.env = {**env, "WEB_CONCURRENCY": str(workers)}
        self.workers = workers
        self.stdout = Path(log_dir) / "gunicorn.out"
        self.stderr = Path(log_dir) / "gunicorn.err"
        on_a_free_port(self.start)

    def start(self, port):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.process = launch(
            [Path(sys.executable).with_name("gunicorn"), "-c", "gunicorn.conf.py"]
            + ["--no-control-socket"],
            self.url + "/livez",
            self.stdout,
            self.stderr,
            env={**self.env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
            cwd=settings.BASE_DIR,
        )

    def worker_boots(self):
        """How many workers were started: more than `workers` means some were replaced."""
        return self.stderr.read_text().count("Booting worker")

    def stop(self):
        stop(self.process)


def wrk(url, seconds, connections, headers=(), paths=()):
    """Run wrk against url; return its report (requests, latency percentiles, errors)."""
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", WRK_REPORT, url]
    for header in headers:
        command += ["-H", header]
    result = subprocess.run(
        command,
        env={**os.environ, "WRK_PATHS": " ".join(paths)},
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    report["rps"] = report["requests"] / (report["duration_us"] / 1_000_000)
    return report
