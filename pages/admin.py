import datetime as dt

import streamlit as st

from cib import audit, auth, safe_output, ui, users
from cib.data import admin
from cib.errors import CibError

me = auth.require_role("admin", "Administration")
state = st.session_state
conf = auth.settings()

st.title("Administration")
st.caption("Who did what and when; who may sign in, and with which role.")
ui.data_as_at()
if state.get("admin_done"):
    st.success(ui.md_escape(state.pop("admin_done")), icon="✅")


def done(message: str) -> None:
    """Show the message after the rerun that brings every table up to date."""
    state["admin_done"] = message
    st.rerun()


trail_tab, users_tab, signin_tab = st.tabs(["Audit trail", "Users", "Sign-in and roles"])

# --- audit trail -------------------------------------------------------------------------------
with trail_tab:
    since_col, action_col, who_col = st.columns([1, 2, 1.5], vertical_alignment="bottom")
    since = since_col.date_input(
        "From",
        value=dt.date.today() - dt.timedelta(days=90),
        format="DD/MM/YYYY",
        key="audit_since",
    )
    chosen = action_col.multiselect(
        "What",
        admin.audit_actions(),
        format_func=audit.action_label,
        key="audit_actions",
        placeholder="Everything",
    )
    who = who_col.text_input("Who (name contains)", key="audit_who")
    trail = admin.audit_trail(since, chosen, who)
    table = admin.audit_table(trail)
    st.caption(
        f"{len(table):,} events since {ui.date_label(since)}: sign-ins, refusals, user "
        "changes, loads, refused uploads and undos, newest first."
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={"When": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm:ss")},
    )
    csv_col, xlsx_col, _ = st.columns([1, 1, 3])
    csv_col.download_button(
        "Download (CSV)",
        safe_output.to_csv_bytes(table),
        file_name=f"audit_trail_{dt.date.today():%Y%m%d}.csv",
        mime="text/csv",
        key="audit_csv",
    )
    xlsx_col.download_button(
        "Download (Excel)",
        safe_output.to_xlsx_bytes(table, sheet_name="Audit trail"),
        file_name=f"audit_trail_{dt.date.today():%Y%m%d}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="audit_xlsx",
    )

# --- standalone users --------------------------------------------------------------------------
with users_tab:
    ui.section("Username and password sign-in")
    people = admin.user_list()
    if not conf.configured:
        st.warning(
            "**Adding the first user turns sign-in on.** From then on everyone signs in, "
            "including you: make the first user an administrator, for yourself.",
            icon="⚠️",
        )
    elif conf.providers:
        st.caption(
            "People who sign in with the identity provider get their role from the rules on "
            "the *Sign-in and roles* tab. Users here sign in with a username and password "
            "instead (for example a stand-by administrator)."
        )
    if people.empty:
        st.info(f"No users yet: the list file {users.path().name} does not exist or is empty.")
    else:
        st.dataframe(
            people.rename(columns={"username": "Username", "name": "Name", "role": "Role"}),
            hide_index=True,
            width="stretch",
        )
    names = list(people["username"])

    with st.form("add_user", clear_on_submit=True):
        st.markdown("**Add a user**")
        c1, c2, c3 = st.columns([1, 1.4, 0.8])
        new_username = c1.text_input("Username", key="add_username")
        new_name = c2.text_input("Full name", key="add_name")
        new_role = c3.selectbox(
            "Role", list(reversed(auth.ROLES)), format_func=auth.ROLE_LABELS.get, key="add_role"
        )
        p1, p2 = st.columns(2)
        new_password = p1.text_input("Password", type="password", key="add_password")
        new_again = p2.text_input("Password again", type="password", key="add_password2")
        if st.form_submit_button("Add user", type="primary"):
            try:
                if new_password != new_again:
                    raise CibError("the two passwords differ")
                added = admin.add_user(new_username, new_name, new_role, new_password)
            except CibError as err:
                st.error(ui.md_escape(err), icon="⛔")
            else:
                done(f"Added {added.username} ({added.name}) as {added.role}.")

    if names:
        with st.form("reset_password", clear_on_submit=True):
            st.markdown("**Reset a password**")
            c1, c2, c3 = st.columns(3)
            who_reset = c1.selectbox("User", names, key="reset_username")
            password = c2.text_input("New password", type="password", key="reset_password")
            again = c3.text_input("New password again", type="password", key="reset_password2")
            if st.form_submit_button("Reset password"):
                try:
                    if password != again:
                        raise CibError("the two passwords differ")
                    changed = admin.reset_password(who_reset, password)
                except CibError as err:
                    st.error(ui.md_escape(err), icon="⛔")
                else:
                    done(f"New password set for {changed.username}.")

        with st.form("change_role"):
            st.markdown("**Change a role, or remove a user**")
            c1, c2, c3 = st.columns([1.2, 1, 1])
            who_change = c1.selectbox("User", names, key="role_username")
            role = c2.selectbox(
                "New role", list(reversed(auth.ROLES)), format_func=auth.ROLE_LABELS.get,
                key="role_role",
            )  # fmt: skip
            remove = c3.checkbox("Remove this user instead", key="role_remove")
            if st.form_submit_button("Apply"):
                try:
                    if remove:
                        gone = admin.remove_user(who_change)
                        message = f"Removed {gone.username}."
                    else:
                        changed = admin.set_role(who_change, role)
                        message = f"{changed.username} is now {changed.role}."
                except CibError as err:
                    st.error(ui.md_escape(err), icon="⛔")
                else:
                    done(message)

# --- how sign-in is set up ---------------------------------------------------------------------
with signin_tab:
    ui.section("How people sign in now")
    if not conf.configured:
        st.markdown(
            "Sign-in is **not configured**: the dashboard answers this computer only, and "
            "the person at it has every role."
        )
    for _, label in conf.providers:
        st.markdown(f"- Identity provider (OIDC): **{ui.md_escape(label)}**")
    if conf.password:
        st.markdown(f"- Username and password: **{len(names)}** users in `{users.path().name}`")
    st.markdown(f"You are **{ui.md_escape(me.label)}**.")
    if conf.providers:
        ui.section("Roles from the identity provider")
        st.caption(
            "From `[roles]` in `.streamlit/secrets.toml`; the highest role that matches wins. "
            "Edit the file and restart the dashboard to change them."
        )
        st.dataframe(admin.role_rules(), hide_index=True, width="stretch")
    ui.section("Make a password hash by hand")
    st.code(users.HASH_COMMAND, language="bash")
