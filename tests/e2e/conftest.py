"""Browser fixtures: the real app on 127.0.0.1 and Playwright driving Debian's Chromium."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e import harness
from tests.e2e.harness import CHROMIUM, CHROMIUM_ARGS, VIEWPORT

SCREENS = Path(__file__).resolve().parents[2] / "artifacts" / "screens"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the session."""
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the test command installs it (apt-get install chromium)"
        )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="session")
def app_server_url(tmp_path_factory: pytest.TempPathFactory, _demo_template: Path) -> Iterator[str]:
    """The app, started once for the session on a copy of the demo database."""
    path = tmp_path_factory.mktemp("e2e") / "cib.duckdb"
    shutil.copyfile(_demo_template, path)
    with harness.app_server(path) as url:
        yield url


@pytest.fixture
def app_server(tmp_path: Path, _demo_template: Path) -> Iterator[str]:
    """The app on its own fresh copy of the demo database, for tests that change data."""
    path = tmp_path / "cib.duckdb"
    shutil.copyfile(_demo_template, path)
    with harness.app_server(path) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page at 1920x1080, the size of a shared screen."""
    context = browser.new_context(viewport=VIEWPORT)
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    """Where browser tests save screenshots for a person to look at."""
    SCREENS.mkdir(parents=True, exist_ok=True)
    return SCREENS
