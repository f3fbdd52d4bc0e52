"""The payments sandbox fixtures (the app with its Xendit sandbox, the gateway talking to it)."""

from tests.payments.conftest import gw, papp, pclient, sandbox, sbx  # noqa: F401
