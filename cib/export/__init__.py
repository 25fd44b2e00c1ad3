"""Board pack export: one month's pack as PPTX, PDF or self-contained HTML.

`render(board, fmt)` builds the pack model (cib.export.model) from a built board (cib.board)
and lays it out in the chosen format. Exports run one at a time in a process (a lock), since a
page's download and a second session's may arrive together.
"""

from __future__ import annotations

import threading
from pathlib import Path

from cib import board as board_mod
from cib.errors import CibError
from cib.export import model

FORMATS = ("pptx", "pdf", "html")
MIME = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "html": "text/html",
}
_LOCK = threading.Lock()


def check_format(fmt: str) -> str:
    """The format in lower case, or a CibError naming the formats there are."""
    wanted = (fmt or "").lower().lstrip(".")
    if wanted not in FORMATS:
        raise CibError(f'"{fmt}" is not a board pack format; choose one of {", ".join(FORMATS)}')
    return wanted


def render(built: board_mod.Board, fmt: str) -> bytes:
    """The board pack for a built board, as the bytes of a .pptx, .pdf or .html file."""
    fmt = check_format(fmt)
    pack = model.build_pack(built)
    with _LOCK:
        if fmt == "pptx":
            from cib.export import pptx

            return pptx.render(pack)
        if fmt == "pdf":
            from cib.export import pdf

            return pdf.render(pack)
        from cib.export import html

        return html.render(pack)


def file_name(month_text: str, fmt: str, publication: bool = False) -> str:
    """'board-pack-2018-03.pptx' (with '-publication' for a public version)."""
    suffix = "-publication" if publication else ""
    return f"board-pack-{month_text}{suffix}.{check_format(fmt)}"


def write(built: board_mod.Board, fmt: str, path: Path) -> int:
    """Write the pack to path; returns its size in bytes."""
    content = render(built, fmt)
    Path(path).write_bytes(content)
    return len(content)
