"""Screenshots of pages at 1920x1080 for a person to look at: `python scripts/screenshots.py`.

Starts the app on a fresh demo database, visits each path given (default: every page) and saves
PNGs under artifacts/screens/.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, VIEWPORT, app_server, wait_for_app  # noqa: E402

DEFAULT_PATHS = ["/", "/measure?measure=assessments_within_45wd_pct"]


def main(paths: list[str]) -> None:
    out = Path(__file__).resolve().parents[1] / "artifacts" / "screens"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, app_server(Path(tmp) / "cib.duckdb") as url:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport=VIEWPORT)
            for path in paths:
                page.goto(url + path)
                wait_for_app(page)
                # Plotly's bundle loads after the script ends: wait until every chart has drawn.
                page.wait_for_function(
                    """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
                          .every((c) => c.querySelector('.js-plotly-plot'))""",
                    timeout=30_000,
                )
                page.wait_for_timeout(1500)
                name = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-")
                target = out / f"{name or 'overview'}.png"
                page.screenshot(path=str(target), full_page=True)
                print(target)
            browser.close()


if __name__ == "__main__":
    main(sys.argv[1:] or DEFAULT_PATHS)
