"""Settings, read from the environment once, with defaults for the embedded install."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERIES_DIR = ROOT / "queries"
DATA_DIR = ROOT / "data"
DEFAULT_DB = DATA_DIR / "cib.duckdb"

COUNCIL_NAME = os.environ.get("CIB_COUNCIL_NAME", "Torbay")
COUNCIL_LA_CODE = os.environ.get("CIB_COUNCIL_LA_CODE", "880")
COUNCIL_GSS_CODE = os.environ.get("CIB_COUNCIL_GSS_CODE", "E06000027")

# Whole-council rows use this team name; a blank team in a file means the same.
ALL_TEAMS = "All"


def db_path() -> Path:
    """The DuckDB file the app uses: CIB_DB if set, else data/cib.duckdb."""
    value = os.environ.get("CIB_DB")
    return Path(value).expanduser().resolve() if value else DEFAULT_DB
