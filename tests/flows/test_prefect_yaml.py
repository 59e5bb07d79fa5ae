"""``prefect.yaml`` (issue 15): its deployments point at flows that import, with parameters their signatures take,
on one process work pool, and the weekly schedule is the one ``pst serve`` uses."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import yaml
from prefect import Flow

from flows.deploy import DEFAULT_CRON, DEFAULT_NAME

ROOT = Path(__file__).resolve().parents[2]


def _config() -> dict:
    return yaml.safe_load((ROOT / "prefect.yaml").read_text(encoding="utf-8"))


def _flow(entrypoint: str) -> Flow:
    path, name = entrypoint.split(":")
    assert (ROOT / path).is_file(), path
    module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
    return getattr(module, name)


def test_every_deployment_runs_a_flow_with_the_parameters_it_takes():
    deployments = _config()["deployments"]
    assert {d["name"] for d in deployments} == {DEFAULT_NAME, "ingest-folder"}
    for d in deployments:
        flow = _flow(d["entrypoint"])
        assert isinstance(flow, Flow), d["entrypoint"]
        signature = inspect.signature(flow.fn)
        given = set(d.get("parameters", {}))
        assert given <= set(signature.parameters), (d["name"], given - set(signature.parameters))
        required = {n for n, p in signature.parameters.items() if p.default is inspect.Parameter.empty}
        assert required <= given, (d["name"], required - given)
        assert d["work_pool"]["name"] == "pst-process"


def test_the_weekly_schedule_is_the_one_pst_serve_uses_and_runs_in_the_checkout():
    config = _config()
    (weekly,) = [d for d in config["deployments"] if d["name"] == DEFAULT_NAME]
    assert weekly["schedules"] == [{"cron": DEFAULT_CRON, "timezone": "Europe/Brussels"}]
    (step,) = config["pull"]
    assert step["prefect.deployments.steps.set_working_directory"]["directory"] == "{{ $PST_HOME }}"
    assert "--type process" in (ROOT / "prefect.yaml").read_text(encoding="utf-8")
