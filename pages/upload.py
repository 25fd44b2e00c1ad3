import hashlib

import pandas as pd
import streamlit as st

from cib import auth, ingest, ui
from cib.data import uploads
from cib.errors import CibError

auth.require_role("analyst", "Upload data")
AUTO = ingest.AUTO
kinds = uploads.kinds()
user = uploads.current_user()
state = st.session_state
state.setdefault("upload_widget", 0)  # a new key empties the file box after a load


def progress_bar(text: str):
    """A progress bar, the callback the pipeline reports to, and a way to remove the bar."""
    slot = st.empty()
    bar = slot.progress(0.0, text=text)
    report = lambda fraction, stage: bar.progress(min(max(fraction, 0.0), 1.0), text=stage)  # noqa: E731
    return report, slot.empty


def show_problems(err: ingest.UploadRejected) -> None:
    head, *lines = str(err).splitlines()
    bullets = "\n".join(f"- {ui.md_escape(line)}" for line in lines)
    st.error(f"**{ui.md_escape(head)}**\n\n{bullets}", icon="⛔")


def kind_label(name: str) -> str:
    return "Work it out from the columns" if name == AUTO else f"{kinds[name]} ({name})"


st.title("Upload data")
st.caption(
    "Load a monthly extract saved from Excel (CSV or .xlsx). Every row is checked first; "
    "nothing is loaded unless the whole file is good, and each load can be undone."
)
ui.data_as_at()

if state.get("upload_done"):
    st.success(ui.md_escape(state.pop("upload_done")), icon="✅")

# --- 1. choose and check ---------------------------------------------------------------------
ui.section("1. Choose a file")
left, right = st.columns([1, 1])
with left:
    kind = st.selectbox("Kind of file", [AUTO, *kinds], format_func=kind_label, key="upload_kind")
with right:
    sheet = st.text_input(
        "Workbook sheet (optional)",
        key="upload_sheet",
        help="For an Excel workbook: the sheet to read. Blank: the first sheet.",
    )
uploaded = st.file_uploader(
    "Extract file (CSV or Excel workbook)",
    key=f"upload_file_{state['upload_widget']}",
    help="CSV in UTF-8 or Windows-1252, comma- or semicolon-separated, or .xlsx.",
)

if uploaded is not None:
    data = uploaded.getvalue()
    # Streamlit reruns the page on every click: check each file (and choice) once only.
    fingerprint = (hashlib.sha256(data).hexdigest(), uploaded.name, kind, sheet)
    if state.get("upload_fingerprint") != fingerprint:
        bar, done = progress_bar("Checking the file")
        try:
            state["upload_checked"] = uploads.check(data, uploaded.name, kind, sheet, user, bar)
        except ingest.UploadRejected as err:
            state["upload_checked"] = err
        state["upload_fingerprint"] = fingerprint
        done()
    checked = state["upload_checked"]

    ui.section("2. Check and confirm")
    if isinstance(checked, ingest.UploadRejected):
        show_problems(checked)
    elif checked.already:
        p = checked.already
        st.info(
            f"**Already loaded:** this file is upload {p.upload_id}, loaded "
            f"{ui.date_label(p.loaded_at)} by {ui.md_escape(p.user_name)}. Nothing to do.",
            icon="ℹ️",
        )
    else:
        preview = checked.preview
        st.success(
            f"**{ui.md_escape(checked.file_name)}** passed every check: "
            f"{checked.rows:,} rows of {ui.md_escape(checked.kind.title.lower())} "
            f"({ui.md_escape(checked.description)}).",
            icon="✅",
        )
        a, b, c = st.columns(3)
        a.metric("Rows to add", f"{preview.added:,}")
        b.metric("Rows to replace", f"{preview.replaced:,}")
        c.metric("Rows unchanged", f"{preview.unchanged:,}")
        if len(preview.changes):
            shown = len(preview.changes)
            st.markdown(
                f"**What will change** (old -> new; the first {shown:,} of "
                f"{preview.added + preview.replaced:,})"
            )
            st.dataframe(uploads.changes_table(preview), hide_index=True, width="stretch")
        if preview.added + preview.replaced == 0:
            st.info("Every row is already in the database as it is: loading changes nothing.")
        if st.button(f"Load {checked.rows:,} rows", type="primary", key="upload_confirm", icon="⬆️"):
            bar, done = progress_bar("Loading")
            try:
                result = uploads.load(checked, user, bar)
            except ingest.UploadRejected as err:
                done()
                show_problems(err)
            except CibError as err:  # e.g. targets need the administrator role
                done()
                st.error(ui.md_escape(str(err)), icon="🔒")
            else:
                state["upload_done"] = result.summary()
                state["upload_widget"] += 1
                state.pop("upload_fingerprint", None)
                state.pop("upload_checked", None)
                st.rerun()

# --- history and undo ------------------------------------------------------------------------
ui.section("Upload history")
history = uploads.history()
if history.empty:
    st.info("Nothing has been uploaded yet.")
else:
    table = history.rename(
        columns={
            "upload_id": "Upload",
            "loaded_at": "When",
            "user_name": "Who",
            "kind": "Kind",
            "file_name": "File",
            "status": "Status",
            "rows_added": "Added",
            "rows_replaced": "Replaced",
            "rows_unchanged": "Unchanged",
            "undone_by": "Undone by",
            "undone_at": "Undone at",
            "sha256": "SHA-256",
            "message": "Notes",
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            "When": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm"),
            "Undone at": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm"),
        },
    )
    can_undo = uploads.undoable(history)
    if len(can_undo):
        labels = {
            int(r.upload_id): f"Upload {r.upload_id}: {r.file_name} ({r.kind}, "
            f"{pd.Timestamp(r.loaded_at):%-d %b %Y %H:%M}, {r.user_name})"
            for r in can_undo.itertuples()
        }
        pick, act = st.columns([3, 1], vertical_alignment="bottom")
        with pick:
            chosen = st.selectbox(
                "Undo a load (puts back exactly what it replaced)",
                list(labels),
                format_func=labels.get,
                key="undo_pick",
            )
        with act:
            if st.button(f"Undo upload {chosen}", key="undo_go", icon="↩️"):
                try:
                    done = uploads.undo(chosen, user)
                except CibError as err:
                    st.error(ui.md_escape(str(err)), icon="⛔")
                else:
                    state["upload_done"] = done.summary()
                    st.rerun()

# --- templates -------------------------------------------------------------------------------
ui.section("Templates")
for name, title in kinds.items():
    with st.expander(f"{title} ({name}): {uploads.kind_description(name)}"):
        st.dataframe(uploads.kind_columns(name), hide_index=True, width="stretch")
        st.download_button(
            f"Download the {name} template (CSV)",
            data=uploads.template(name),
            file_name=f"{name}_template.csv",
            mime="text/csv",
            key=f"template_{name}",
        )
