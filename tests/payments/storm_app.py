"""The app as a separate process for the callback storm and the bench (payments installed until
market.app does it itself): ``uvicorn tests.payments.storm_app:app --factory``."""

import payments
from market.app import create_app


def app():
    application = create_app()
    payments.install(application)
    return application
