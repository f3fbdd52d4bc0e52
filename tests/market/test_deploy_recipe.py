"""docs/deploy.md can be followed: every command its units and Procfile run is a real `market`
command with real options, every variable its environment file sets is a setting, and the health
checks it uses are routes of the app."""

from __future__ import annotations

import re
import shlex

from typer.testing import CliRunner

from market.cli import app as cli
from market.settings import Settings
from tests.serving import ROOT

RECIPE = (ROOT / "docs" / "deploy.md").read_text()


def _commands() -> list[list[str]]:
    lines = re.findall(r"^ExecStart=/opt/pasar/venv/bin/market (.+)$", RECIPE, re.M)
    lines += re.findall(r"^\w+: market (.+)$", RECIPE, re.M)  # the Procfile
    return [shlex.split(line.replace("$PORT", "8000")) for line in lines]


def test_every_command_of_the_units_and_the_procfile_is_a_market_command_with_those_options():
    commands = _commands()
    assert {c[0] for c in commands} >= {"serve", "worker", "migrate"}, commands
    runner = CliRunner()
    for command in commands:
        done = runner.invoke(cli, [*command, "--help"])
        assert done.exit_code == 0, (command, done.output)


def test_the_environment_file_sets_only_real_settings_and_the_health_checks_exist(tmp_path):
    block = RECIPE.split("## /etc/pasar/env", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    names = re.findall(r"^([A-Z_]+)=", block, re.M)
    known = {f.validation_alias for f in Settings.model_fields.values() if isinstance(f.validation_alias, str)}
    assert names and set(names) <= known, set(names) - known
    from fastapi.testclient import TestClient

    from market.app import create_app

    settings = Settings(MARKET_ENV="test", DATABASE_URL=f"sqlite://{tmp_path / 'x.db'}", SECRET_KEY="recipe")
    client = TestClient(create_app(settings, manage_db=False), raise_server_exceptions=False)
    checks = set(re.findall(r"(/(?:healthz|readyz))\b", RECIPE))
    assert checks == {"/healthz", "/readyz"}
    assert client.get("/healthz").status_code == 200
    assert client.get("/readyz").status_code != 404  # a route (503 here: this app has no database open)
