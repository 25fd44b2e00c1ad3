"""The app's pages and who may open each: one list, read by dashboard.py.

To add a page, add one PageSpec below with the lowest role that may use it. The navigation
shows a user only the pages their role allows; the others stay routable but hidden, so a URL
to one reaches the gate in dashboard.py, which refuses it on the server (the page's own script
never runs).
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from cib import auth


@dataclass(frozen=True)
class PageSpec:
    """One page: its file, menu title, URL path (None for the home page) and lowest role."""

    path: str
    title: str
    url_path: str | None
    role: str
    default: bool = False


PAGES: list[PageSpec] = [
    PageSpec("pages/overview.py", "Scorecard", None, "viewer", default=True),
    PageSpec("pages/measure.py", "Measure", "measure", "viewer"),
    PageSpec("pages/assessments.py", "Assessment timeliness", "assessments", "viewer"),
    PageSpec("pages/audits.py", "Case audits", "audits", "viewer"),
    PageSpec("pages/spc.py", "SPC summary", "spc", "viewer"),
    PageSpec("pages/plan.py", "Improvement plan", "plan", "viewer"),
    PageSpec("pages/recommendation.py", "Recommendation", "recommendation", "viewer"),
    PageSpec("pages/board.py", "Board pack", "board", "viewer"),
    PageSpec("pages/upload.py", "Upload data", "upload", "analyst"),
    PageSpec("pages/admin.py", "Administration", "admin", "admin"),
    PageSpec("pages/accessibility.py", "Accessibility statement", "accessibility", "viewer"),
]


def allowed(user: auth.User | None) -> list[PageSpec]:
    """The pages this user may open, in menu order."""
    return [spec for spec in PAGES if auth.has_role(user, spec.role)]


def _page(spec: PageSpec, visible: bool) -> st.Page:
    kwargs = {"url_path": spec.url_path} if spec.url_path else {}
    return st.Page(
        spec.path,
        title=spec.title,
        default=spec.default,
        visibility="visible" if visible else "hidden",
        **kwargs,
    )


def navigate(user: auth.User | None) -> tuple[st.Page, PageSpec]:
    """Run st.navigation with the pages this user may see; return the page asked for and its spec.

    Not signed in: no menu at all (the gate shows the sign-in screen on whatever was asked).
    """
    entries = [(_page(spec, auth.has_role(user, spec.role)), spec) for spec in PAGES]
    signed_in = user is not None and user.role is not None
    page = st.navigation([p for p, _ in entries], position="sidebar" if signed_in else "hidden")
    for candidate, spec in entries:
        if candidate is page:
            return page, spec
    raise LookupError(f"st.navigation returned a page not in PAGES: {page.title}")
