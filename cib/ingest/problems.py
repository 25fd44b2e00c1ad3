"""Problems found in an uploaded file, each one sentence an analyst can act on."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from cib.errors import CibError

SHOWN = 50  # the message lists every problem in the first 50 rows at fault, then the count
# Each check keeps the problems in its lowest SHOWN rows: a row among the first SHOWN rows at
# fault overall has fewer than SHOWN faulty rows before it, so every check keeps it.
_KEEP_PER_CHECK = SHOWN


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where it is, the value found, and what was expected.

    `message` carries both what is wrong and what was expected, e.g.
    'is not a month (expected e.g. 2016-08, Aug-16 or 01/08/2016)'.
    """

    row: int  # as Excel shows it (the header is row 1); 0 for the file or a whole column
    column_index: int  # position of the column in the file; -1 when no column
    column: str | None  # the header as written in the file, or a letter when it has none
    value: str | None  # the cell as written; None when the problem is not about one cell
    message: str

    def sentence(self, file_name: str) -> str:
        """'f.csv, row 3, column "Month": "Aug-2O16" is not a month (expected ...).'"""
        where = file_name
        if self.row:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", {_quote_column(self.column)}"
        if self.value is None:
            text = f"{where} {self.message}"
        else:
            text = f'{where}: "{_shorten(self.value)}" {self.message}'
        return text if text.endswith((".", "?", "!")) else text + "."


def _quote_column(column: str) -> str:
    # A column with no header is named by its Excel letter ('column E'), unquoted.
    return column if column.startswith("column ") else f'column "{column}"'


def _shorten(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 3] + "..."


def column_letter(index: int) -> str:
    """Excel's name for the column at 0-based position index: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class Problems:
    """Collects every problem in a file; keeps the total count and enough to show the first."""

    def __init__(self, file_name: str) -> None:
        self.file_name = file_name
        self._kept: list[Problem] = []
        self.total = 0

    def __bool__(self) -> bool:
        return self.total > 0

    def __len__(self) -> int:
        return self.total

    def add(
        self,
        message: str,
        *,
        row: int = 0,
        column: str | None = None,
        column_index: int = -1,
        value: str | None = None,
    ) -> None:
        """Record one problem."""
        self.total += 1
        self._kept.append(Problem(row, column_index, column, value, message))

    def add_cells(
        self,
        rows: Iterable[int] | np.ndarray,
        values: Iterable[str | None] | np.ndarray,
        message: str | Iterable[str],
        *,
        column: str | None,
        column_index: int = -1,
    ) -> None:
        """Record one problem per row (same column); a single message or one per row."""
        rows = np.asarray(list(rows) if not isinstance(rows, np.ndarray) else rows)
        if not len(rows):
            return
        values = list(values)
        messages = [message] * len(rows) if isinstance(message, str) else list(message)
        self.total += len(rows)
        # Only the lowest rows can be among the first SHOWN overall, so keep just those.
        order = np.argsort(rows, kind="stable")[:_KEEP_PER_CHECK]
        for i in order:
            value = values[i]
            self._kept.append(
                Problem(int(rows[i]), column_index, column, _text(value), messages[i])
            )

    def first(self, rows: int = SHOWN) -> list[Problem]:
        """File-wide problems, then every problem in the first `rows` rows at fault, in order."""
        ordered = sorted(self._kept, key=lambda p: (p.row, p.column_index))
        shown, seen = [], set()
        for problem in ordered:
            if problem.row and problem.row not in seen:
                if len(seen) == rows:
                    break
                seen.add(problem.row)
            shown.append(problem)
        return shown

    def sentences(self, rows: int = SHOWN) -> list[str]:
        """The problems in the first `rows` rows at fault, as sentences naming the file."""
        return [p.sentence(self.file_name) for p in self.first(rows)]

    def rejected(self) -> UploadRejected:
        """The error to raise when any problem was found."""
        return UploadRejected(self.file_name, self.sentences(), self.total)


def _text(value: object) -> str | None:
    # A blank cell reads better as 'column "x" is empty' than as '"" is empty'.
    if value is None or value == "" or (isinstance(value, float) and np.isnan(value)):
        return None
    return str(value)


class UploadRejected(CibError):
    """A file was refused: the problems in its first SHOWN rows at fault, and the total count."""

    def __init__(self, file_name: str, sentences: list[str], total: int) -> None:
        self.file_name = file_name
        self.sentences = sentences
        self.total = total
        super().__init__(self._message())

    def _message(self) -> str:
        noun = "problem" if self.total == 1 else "problems"
        head = f"{self.file_name} was not loaded: {self.total:,} {noun} found. Nothing was changed."
        lines = [head, *self.sentences]
        if self.total > len(self.sentences):
            lines.append(
                f"Showing {len(self.sentences):,} of {self.total:,} problems: those in the "
                f"first {SHOWN} rows at fault."
            )
        return "\n".join(lines)
