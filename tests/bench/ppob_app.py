"""The app factory with PPOB installed, for the benchmark's uvicorn workers."""

import ppob
from market.app import create_app


def create():
    app = create_app()
    ppob.install(app)
    return app
