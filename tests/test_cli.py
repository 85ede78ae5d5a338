"""The khabar command: formats, stdin, encodings, and clean one-line errors with documented exit codes."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from khabar.cli import cli

SAMPLE = Path(__file__).parents[1] / "examples" / "sample_ar.txt"
ARTICLE = "قال مسؤول أمريكي إن الرئيس الصيني قد يزور موسكو الشهر المقبل.\n"


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_cli_code_jsonl_from_stdin():
    res = run("code", "-", "--date", "2023-09-05", input=ARTICLE)
    assert res.exit_code == 0, res.output
    events = [json.loads(line) for line in res.output.splitlines()]
    assert events and events[0]["modality"] == "possible"
    assert events[0]["attribution"]["speaker"]["code"] == "USAGOV"
    assert events[0]["date"] == "2023-10"


def test_cli_code_json_and_table_formats(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    res = run("code", str(f), "--format", "json", "--date", "2023-09-05")
    assert res.exit_code == 0 and json.loads(res.output)["events"]
    res = run("code", str(f), "--format", "table")
    assert res.exit_code == 0 and "CHNGOV" in res.output


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1256"])
def test_cli_code_reads_newsroom_encodings(tmp_path, encoding):
    f = tmp_path / "a.txt"
    f.write_bytes(ARTICLE.encode(encoding))
    res = run("code", str(f), "--date", "2023-09-05")
    assert res.exit_code == 0, res.output
    assert json.loads(res.output.splitlines()[0])["source"]["code"] == "CHNGOV"


@pytest.mark.parametrize("content,code", [
    (b"", "E103"),
    (b"   \n\n", "E103"),
    (bytes(range(256)) * 40, "E104"),
])
def test_cli_bad_input_gives_one_line_error(tmp_path, content, code):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    res = run("code", str(f))
    assert res.exit_code == 3
    assert res.output.strip().count("\n") == 0 and code in res.output and "bad.txt" in res.output
    assert "Traceback" not in res.output


def test_cli_missing_file_and_bad_date():
    res = run("code", "/nonexistent/x.txt")
    assert res.exit_code == 3 and "E101" in res.output
    res = run("code", "-", "--date", "2023-13-45", input=ARTICLE)
    assert res.exit_code == 2 and "E401" in res.output


def test_cli_big_inputs_code_without_error(tmp_path):
    long_line = tmp_path / "line.txt"
    long_line.write_text(("زار الرئيس الصيني موسكو و" * 5000)[:100_000], encoding="utf-8")
    res = run("code", str(long_line))
    assert res.exit_code == 0, res.output[-300:]
    big = tmp_path / "big.txt"
    big.write_text((ARTICLE * 40000)[:5_000_000], encoding="utf-8")
    res = run("code", str(big), "--date", "2023-09-05", "--format", "json")
    assert res.exit_code == 0, res.output[-300:]
    out = json.loads(res.output)
    assert out["sentences"] >= 35000
    assert len(out["events"]) == 1  # the same event retold 40,000 times folds into its first telling


def test_cli_evaluate_pipeline_and_thresholds(tmp_path):
    gold = {"events": [{"id": "g1", "sentence_contains": "يزور موسكو", "source": ["CHN"], "target": ["RUS"],
                        "cameo": ["04"], "modality": ["possible"], "attributed_to": {"codes": ["USA"]},
                        "required": True}]}
    g = tmp_path / "gold.json"
    g.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    coded = run("code", "-", "--date", "2023-09-05", input=ARTICLE).output
    res = run("evaluate", str(g), "-", "--min-recall", "1.0", input=coded)
    assert res.exit_code == 0, res.output
    assert res.output.strip().splitlines()[-1].startswith("recall=1.000")


def test_cli_module_entry_point_runs():
    out = subprocess.run([sys.executable, "-m", "khabar", "--help"], capture_output=True, text=True, check=True)
    assert "code" in out.stdout and "evaluate" in out.stdout


@pytest.mark.parametrize("payload", [
    "Le président français a rencontré son homologue à Paris.".encode("latin-1"),
    "Президент России встретился с коллегой.".encode("koi8_r"),
    b"\xff\xfe\xfd\xfc\x80\x81\x82" * 50,
])
def test_cli_wrong_encoding_is_one_line_or_a_result(tmp_path, payload):
    f = tmp_path / "odd.txt"
    f.write_bytes(payload)
    res = run("code", str(f))
    assert "Traceback" not in res.output
    if res.exit_code != 0:
        assert res.exit_code == 3 and res.output.strip().count("\n") == 0 and "odd.txt" in res.output


# --- --actors: events whose source or target did not resolve --------------------------------------------------------

BOMBING = "انفجرت عبوة ناسفة قرب سوق شعبي في الموصل صباح اليوم وأصابت عددا من المارة.\n"


@pytest.fixture
def unresolved_coder(monkeypatch):
    """Coder.code returns the real document with events in every actor shape (built directly, not coded)."""
    from dataclasses import replace

    from khabar.model import Actor, ActorRef
    from khabar.pipeline import Coder

    real = Coder.code

    def code(self, text, **kw):
        doc = real(self, text, **kw)
        sentence = doc.sentences[0]
        template = khabar_event(doc.article_id, sentence)
        shapes = {"both": ("IRQMIL", "---CVL"), "source": ("IRQMIL", None), "target": (None, "---CVL"),
                  "neither": (None, None)}
        doc.events = [replace(template, event_id=f"ev-{label}",
                              source=ActorRef(Actor(s), "x", 0, 1) if s else None,
                              target=ActorRef(Actor(t), "y", 2, 3) if t else None)
                      for label, (s, t) in shapes.items()]
        return doc

    monkeypatch.setattr(Coder, "code", code)


def khabar_event(article_id, sentence):
    from khabar.model import Event

    return Event(event_id="", article_id=article_id, language="ar", sentence=sentence, trigger_text="انفجرت",
                 trigger_start=0, trigger_end=6, source=None, target=None, cameo="183", goldstein=-10.0,
                 quad_class=4, plover_type="ASSAULT", plover_mode=None, modality="asserted", attribution=None,
                 date=None, place=None, rules=("test",), confidence=0.5)


@pytest.mark.parametrize(("actors", "expected"), [
    (None, ["ev-both", "ev-source", "ev-target", "ev-neither"]),  # default: any, every event the text reports
    ("any", ["ev-both", "ev-source", "ev-target", "ev-neither"]),
    ("one", ["ev-both", "ev-source", "ev-target"]),
    ("both", ["ev-both"]),
])
def test_cli_code_actors_filter(unresolved_coder, actors, expected):
    args = ["code", "-", "--date", "2024-03-12"] + (["--actors", actors] if actors else [])
    res = run(*args, input=BOMBING)
    assert res.exit_code == 0, res.output
    events = [json.loads(line) for line in res.output.splitlines()]
    assert [e["event_id"] for e in events] == expected
    json_out = json.loads(run(*args, "--format", "json", input=BOMBING).output)
    assert [e["event_id"] for e in json_out["events"]] == expected


def test_cli_code_table_shows_dash_for_missing_actors(unresolved_coder):
    res = run("code", "-", "--format", "table", input=BOMBING)
    assert res.exit_code == 0 and "None" not in res.output and "—" in res.output and "IRQMIL" in res.output


def test_cli_code_rejects_bad_actors_value():
    res = run("code", "-", "--actors", "dyadic", input=ARTICLE)
    assert res.exit_code == 2 and "dyadic" in res.output


def test_cli_table_writer_uncoded_actor_span_is_a_dash():
    import io
    from dataclasses import replace

    from rich.console import Console

    from khabar.model import Actor, ActorRef, Document, Sentence
    from khabar.output.render import write_table

    sentence = Sentence(0, 0, len(BOMBING), BOMBING)
    uncoded = replace(khabar_event("a", sentence), source=ActorRef(Actor(None), "مسلحون", 0, 6))  # span, no code
    doc = Document(BOMBING, "a", events=[uncoded])
    out = io.StringIO()
    assert write_table([("x", doc)], Console(file=out, width=200)) == 1
    assert "None" not in out.getvalue() and "—" in out.getvalue()
