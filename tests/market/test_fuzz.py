"""Property-based fuzz of the whole OpenAPI document (schemathesis): the API never answers 5xx to
anything a client can send, and every answer is one the document declares — its status code, its
content type, its body schema and its headers.

The app runs as a newcomer runs it (uvicorn on a free port, the Xendit and biller sandboxes served
by the app itself) on the engine under test, on a database holding one active cooperative with a
member, savings and products. Every operation is fuzzed as three callers — anonymous, the
cooperative's manager and the platform operator — with schema-valid and schema-invalid input, half
of the cases aimed at the cooperative's real ids so that the code behind the 404s runs too.
Deterministic (derandomized Hypothesis, no example database) and bounded (a few cases per
operation and caller)."""

from __future__ import annotations

import asyncio
import time

import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from market.models import Role
from tests.builders import deposit, make_coop, make_member, make_product, make_user, token_for
from tests.serving import serve_database

EXAMPLES_PER_OPERATION = 6  # per caller and generation mode: 75 operations × 3 callers × 2 modes × 6
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    negative_data_rejection,
]
SETTINGS = hypothesis.settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as first found
    suppress_health_check=list(HealthCheck),
    verbosity=hypothesis.Verbosity.quiet,
)


@pytest.fixture
async def world(db):
    coop = await make_coop()
    member = await make_member(coop.id)
    await deposit(coop.id, member.id, "pokok", 100_000)
    product = await make_product(coop.id)
    await make_product(coop.id, name="Kopi Arabika Bajawa 250 g", category="kopi-teh", unit="pcs")
    manager = await make_user(Role.MANAGER, coop.id)
    operator = await make_user(Role.OPERATOR)
    return {
        "ids": {"coop_id": coop.id, "member_id": member.id, "product_id": product.id},
        "callers": {"anonymous": {}, "manager": await token_for(manager), "operator": await token_for(operator)},
    }


def fuzz(base_url: str, ids: dict[str, int], callers: dict[str, dict[str, str]]) -> list[str]:
    """Run every operation as every caller; return one line per failed check."""
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json")
    failures: list[str] = []
    session = requests.Session()
    for result in schema.get_all_operations():
        operation = result.ok()
        known = {name: ids[name] for name in ids if any(p.name == name for p in operation.path_parameters)}
        strategies = []
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategies.append(operation.as_strategy(generation_mode=mode))
            if known:
                strategies.append(operation.as_strategy(generation_mode=mode, path_parameters=known))
        for caller, headers in callers.items():
            seen: set[str] = set()

            # run() is called below within this iteration, so the loop's names are the current ones
            @SETTINGS
            @given(case=st.one_of(strategies))
            def run(case):
                response = case.call(base_url=base_url, session=session, headers=headers, timeout=30)
                try:
                    case.validate_response(response, checks=CHECKS, headers=headers)
                except FailureGroup as group:  # collected, reported together below
                    for failure in group.exceptions:
                        key = f"{type(failure).__name__} {failure.title} {response.status_code}"
                        if key not in seen:
                            seen.add(key)
                            failures.append(
                                f"{operation.label} as {caller}: {failure.title} "
                                f"[{response.status_code}] {failure.message}\n"
                                f"    {case.as_curl_command(headers=headers)}\n"
                                f"    -> {response.text[:300]}"
                            )

            run()
    return failures


async def test_the_api_answers_every_input_as_its_document_says(world, database_url, engine, tmp_path):
    env = {"DB_POOL_SIZE": "4", "SEARCH_CACHE_SIZE": "0"}
    started = time.monotonic()
    with serve_database(tmp_path, database_url, env=env) as base_url:
        failures = await asyncio.to_thread(fuzz, base_url, world["ids"], world["callers"])
        print(f"fuzz on {engine}: {time.monotonic() - started:.1f} s")
        # (a traceback the app logged fails the test too, when the server stops)
        assert not failures, f"{len(failures)} failures:\n" + "\n\n".join(failures)
