"""The app with payments and its wallet pages wired, until market.app and web.pages do it."""

import payments
from market.app import create_app


def app():
    from web.pages import payments as pages

    application = create_app()
    payments.install(application)
    application.include_router(pages.router)
    return application
