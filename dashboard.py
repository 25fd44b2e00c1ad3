import streamlit as st

from cib import auth, navigation, ui

st.set_page_config(
    page_title="Children's Improvement Board",
    page_icon="📊",
    layout="wide",
    initial_sidebar_state="expanded",
)
ui.page_style()

# Sign-in and roles (cib.auth): the page list and who may open each is cib/navigation.py.
state = auth.session()
page, spec = navigation.navigate(state.user)
auth.gate(state, spec.role, spec.title)  # banner, sign-in screen or refusal; stops if need be
page.run()
