"""Kind `targets`: improvement-plan target trajectories, one row per measure and start month."""

from __future__ import annotations

import pandas as pd

from cib.ingest import parse
from cib.ingest.checks import measure_ids, repeated_keys, units
from cib.ingest.headers import MEASURE_ID, Column
from cib.ingest.kinds import Context, Incoming, KeyedKind, KeyedQueries

TARGET_KINDS = ("local", "statutory")


class Targets(KeyedKind):
    """Targets: measure_id, effective_from, target, tolerance, kind."""

    name = "targets"
    title = "Targets"
    description = "One row per measure and the month its target starts (until replaced)."
    order = 20
    key = ("measure_id", "effective_from")
    queries = KeyedQueries(
        incoming="incoming_targets",
        preview_counts="fct_upload_targets_preview_counts",
        preview_changes="fct_upload_targets_preview_changes",
        history="load_targets_history",
        upsert="load_targets_upsert",
        undo_blockers="fct_upload_targets_undo_blockers",
        undo_delete="load_targets_undo_delete",
        undo_restore="load_targets_undo_restore",
    )
    columns = (
        MEASURE_ID,
        Column(
            "effective_from",
            aliases=(
                "from",
                "start",
                "starts",
                "start month",
                "effective",
                "effective date",
                "valid from",
                "target from",
            ),  # fmt: skip
            description="The first of the month the target starts, e.g. 01/04/2016 or Apr-16",
            example="2016-04-01",
        ),
        Column(
            "target",
            aliases=("target value", "goal"),
            description="The target; for a % on the 0-100 scale",
            example="75",
        ),
        Column(
            "tolerance",
            required=False,
            aliases=("amber tolerance", "tolerance pts", "amber band"),
            description="How far worse than target is still amber (blank: the measure's default)",
            example="5",
        ),
        Column(
            "kind",
            required=False,
            aliases=("target kind", "type", "target type"),
            description="local (the default) or statutory",
            example="local",
        ),
    )

    def validate(self, incoming: Incoming, ctx: Context) -> pd.DataFrame:
        """Typed rows (measure_id, effective_from, target, tolerance, kind)."""
        ids = measure_ids(incoming, ctx)
        unit = units(ids, ctx)
        start = parse.months(incoming.text("effective_from"))
        incoming.flag(
            "effective_from",
            start.empty,
            "is empty (expected the first of the month the target starts, e.g. 01/04/2016)",
        )
        incoming.flag("effective_from", start.bad, start.errors)

        target = parse.numbers(incoming.text("target"), percent=True, symbols=False)
        incoming.flag("target", target.empty, "is empty (expected a number such as 75 or 75%)")
        incoming.flag("target", target.bad, target.errors)
        pct = unit == "%"
        incoming.flag(
            "target",
            pct & ((target.values < 0) | (target.values > 100)),
            "is outside 0-100 (expected a percentage from 0 to 100)",
        )

        tolerance = parse.numbers(incoming.text("tolerance"), percent=True, symbols=False)
        incoming.flag("tolerance", tolerance.bad, tolerance.errors)
        incoming.flag(
            "tolerance",
            tolerance.values < 0,
            "is negative (expected 0 or more, or blank for the measure's default)",
        )

        kind = incoming.text("kind").str.lower()
        kind = kind.where(kind != "", "local")
        incoming.flag(
            "kind",
            ~kind.isin(TARGET_KINDS).to_numpy(),
            "is not a kind of target (expected local or statutory)",
        )

        frame = pd.DataFrame(
            {
                "measure_id": pd.array(ids, dtype="str"),
                "effective_from": parse.as_date_array(start),
                "target": target.values,
                "tolerance": tolerance.values,
                "kind": pd.array(kind.to_numpy(dtype=object), dtype="str"),
            }
        )
        usable = (ids != "").to_numpy() & pd.notna(start.values)
        repeated_keys(incoming, frame, list(self.key), usable, "measure and effective_from")
        return frame


KIND = Targets()
