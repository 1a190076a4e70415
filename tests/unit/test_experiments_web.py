"""experiments.web, the browser worker's entry points: JSON text in, JSON text out."""

from __future__ import annotations

import json

from experiments import web
from tests.deckcheck import payload_text
from tests.experimentscheck import SAMPLE_LOG, log_text, valid_entry


def test_summary_json_gives_the_summary_and_every_chart_with_its_table() -> None:
    reply = json.loads(web.summary_json(SAMPLE_LOG.read_text(encoding="utf-8"), payload_text()))
    assert reply["ok"] is True
    assert reply["summary"]["entries"] == 12
    assert reply["summary"]["by_level"][-1]["level"] == "own"  # the own ask
    assert [chart["id"] for chart in reply["charts"]] == ["experiments-no", "experiments-bad", "experiments-belief"]
    for chart in reply["charts"]:
        assert chart["svg"].startswith("<svg") and chart["table_html"].startswith("<table>")
        assert chart["table"]["rows"]


def test_summary_json_names_each_problem() -> None:
    reply = json.loads(web.summary_json(log_text(valid_entry(), valid_entry(got_no=1))))
    assert reply["ok"] is False
    (problem,) = reply["problems"]
    assert (problem["index"], problem["field"]) == (1, "got_no") and problem["line"] > 1
    assert problem["message"].startswith("Entry 2 (line ")


def test_check_entry_json_checks_the_form() -> None:
    assert json.loads(web.check_entry_json(json.dumps(valid_entry()))) == {"ok": True, "entry": valid_entry()}
    reply = json.loads(web.check_entry_json(json.dumps(valid_entry(actual_bad=11))))
    assert reply["ok"] is False and reply["problems"][0]["field"] == "actual_bad"


def test_merge_json_adds_reports_and_refuses_without_changing_anything() -> None:
    kept = log_text(valid_entry())
    reply = json.loads(web.merge_json(kept, log_text(valid_entry(), valid_entry(date="2026-12-01"))))
    assert reply["ok"] is True
    assert len(reply["log"]["entries"]) == 2
    assert reply["report"]["added"] == 1 and len(reply["report"]["duplicates"]) == 1
    refused = json.loads(web.merge_json(kept, "{oops"))
    assert refused["ok"] is False and refused["log"] == json.loads(kept)
    assert "not valid JSON" in refused["problems"][0]["message"]
    stored = json.loads(web.merge_json("[]", kept))
    assert stored["ok"] is False and stored["stored"] is True


def test_exports() -> None:
    text = log_text(valid_entry(mood=3))
    assert json.loads(json.loads(web.export_json(text))["text"]) == json.loads(text)
    csv_reply = json.loads(web.export_csv(text))
    assert csv_reply["ok"] is True and "mood" in csv_reply["text"].splitlines()[0]
    assert json.loads(web.export_csv("{"))["ok"] is False
