"""The app as a separate process for the callback storm and the bench:
``uvicorn tests.payments.storm_app:app --factory`` (the app as ``market serve`` builds it)."""

from market.app import create_app


def app():
    return create_app()
