"""Start the real app on 127.0.0.1 and drive Debian's Chromium with Playwright."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1920, "height": 1080}


def free_port() -> int:
    """A TCP port nobody is listening on, on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def app_server(
    db_path: Path,
    extra_env: dict[str, str] | None = None,
    extra_args: list[str] | None = None,
) -> Iterator[str]:
    """Run `streamlit run dashboard.py` on a free port with CIB_DB=db_path; yield its base URL.

    extra_args go to `streamlit run` (e.g. `--secrets.files=/tmp/x/secrets.toml`, so a test
    never writes into the repo's .streamlit/).
    """
    port = free_port()
    env = {**os.environ, "CIB_DB": str(db_path), **(extra_env or {})}
    log = open(db_path.with_suffix(".server.log"), "w")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboard.py"),
         "--server.headless=true", "--server.address=127.0.0.1", f"--server.port={port}",
         "--browser.gatherUsageStats=false", "--server.fileWatcherType=none",
         *(extra_args or [])],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/_stcore/health", proc, f"the app (see {log.name})", 60, b"ok")
        yield url
    finally:
        stop(proc)
        log.close()


def wait_until_up(
    url: str, proc: subprocess.Popen, what: str, timeout: float, expect: bytes | None = None
) -> None:
    """Poll url until it answers (with the body `expect`, if given); fail if the server process
    ends first or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if expect is None or r.read() == expect:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start")
        time.sleep(0.2)


def stop(proc: subprocess.Popen) -> None:
    """Stop a server the test started: politely, then for certain."""
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


_APP_IDLE = """() => !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stSkeleton"]')
    && !document.querySelector('[data-testid="stSpinner"]')
    && document.querySelectorAll('[data-testid="stMainBlockContainer"] *').length > 20"""


def wait_for_app(page: object, timeout: float = 30_000) -> None:
    """Wait until Streamlit has finished running the page's script: no status widget, skeleton
    or spinner (a page computing its first figures shows one), and still so 0.8 s later (a page
    can rerun itself straight after its first run)."""
    page.wait_for_selector("[data-testid='stMainBlockContainer']", timeout=timeout)
    for _ in range(10):
        page.wait_for_function(_APP_IDLE, timeout=timeout)
        page.wait_for_timeout(800)  # plotly draws after the script ends
        if page.evaluate(_APP_IDLE):
            return
