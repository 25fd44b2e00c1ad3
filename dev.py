"""Set up and run the project with one command, on Linux, macOS or Windows (no make needed).

    python3 dev.py start   # venv + runtime packages, then the app on http://127.0.0.1:8501
    python3 dev.py test    # venv + test packages (+ Chromium on Debian), then the whole suite
    python3 dev.py bench   # venv + test packages, then every benchmark under benchmarks/

The venv lives in .venv; packages are reinstalled only when a requirements file changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
CHROMIUM = Path("/usr/bin/chromium")


def say(text: str) -> None:
    print(f"[dev] {text}", flush=True)


def run(*args: str | Path, **kwargs: object) -> None:
    subprocess.run([str(a) for a in args], check=True, **kwargs)


def ensure_venv(requirements: str) -> None:
    """Create .venv if missing and install a requirements file unless it is already installed."""
    if not PYTHON.exists():
        say("creating .venv")
        venv.EnvBuilder(with_pip=True).create(VENV)
    files = [ROOT / "requirements.txt", ROOT / requirements]
    digest = hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()
    stamp = VENV / f".installed-{requirements}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    say(f"installing {requirements}")
    run(PYTHON, "-m", "pip", "install", "--disable-pip-version-check", "-q", "-r",
        ROOT / requirements)  # fmt: skip
    stamp.write_text(digest)


def ensure_chromium() -> None:
    """Browser tests drive Debian's Chromium; install it with apt when it is missing."""
    if CHROMIUM.exists():
        return
    if sys.platform != "linux" or not shutil.which("apt-get") or os.geteuid() != 0:
        say(f"{CHROMIUM} is missing and cannot be installed here: browser tests will fail")
        return
    say("installing Chromium (apt-get install chromium)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-q", env=env)
    run("apt-get", "install", "-y", "-q", "chromium", env=env)


def start() -> int:
    ensure_venv("requirements.txt")
    say("starting the dashboard on http://127.0.0.1:8501 (Ctrl+C to stop)")
    cmd = [PYTHON, "-m", "streamlit", "run", ROOT / "dashboard.py", "--server.address=127.0.0.1"]
    return subprocess.call([str(c) for c in cmd], cwd=ROOT)


def test(extra: list[str]) -> int:
    ensure_venv("requirements-dev.txt")
    ensure_chromium()
    return subprocess.call([str(PYTHON), "-m", "pytest", "-q", *extra], cwd=ROOT)


def bench() -> int:
    ensure_venv("requirements-dev.txt")
    code = 0
    for module in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        say(f"benchmark {module.stem}")
        code |= subprocess.call([str(PYTHON), "-m", f"benchmarks.{module.stem}"], cwd=ROOT)
    return code


def main() -> int:
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "start":
        return start()
    if command == "test":
        return test(sys.argv[2:])
    if command == "bench":
        return bench()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main())
