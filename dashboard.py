import streamlit as st

from cib import ui

st.set_page_config(
    page_title="Children's Improvement Board",
    page_icon="📊",
    layout="wide",
    initial_sidebar_state="expanded",
)
ui.page_style()

pages = [
    st.Page("pages/overview.py", title="Scorecard", default=True),
    st.Page("pages/measure.py", title="Measure", url_path="measure"),
]
st.navigation(pages).run()
