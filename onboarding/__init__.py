"""A cooperative joining by itself and managing its people without a shell: the registration
with its documents (``/daftar-koperasi``), the operator's verification queue (checklist, notes,
approval or rejection with a reason the applicant answers by resubmitting, suspension), the
audit log of all of it, the one-time invitations that give staff and members their logins, and
the cooperative's API tokens and staff roles (kept by market, recorded here). May import market
and payments.

``install(app)`` adds the JSON routes.
"""


def install(app) -> None:
    """Add the onboarding routes to *app* (idempotent)."""
    if getattr(app.state, "onboarding_installed", False):
        return
    app.state.onboarding_installed = True
    import importlib.util

    if importlib.util.find_spec("onboarding.api") is not None:
        from onboarding.api import router

        app.include_router(router)
