"""Tests for khabar.reader: encoding detection, binary/empty rejection, newline normalization."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khabar.errors import EXIT_INPUT, KhabarError
from khabar.reader import decode_bytes, detect_encoding, read_text

ARABIC = (
    "قال مسؤول أمريكي إن كيم جونغ أون قد يسافر إلى روسيا في سبتمبر 2023، وفقاً للتقارير.\nوأضاف: «لا تعليق»."
)

ENCODINGS = {
    "utf-8": lambda s: s.encode("utf-8"),
    "utf-8-sig": lambda s: s.encode("utf-8-sig"),
    "utf-16-le-bom": lambda s: b"\xff\xfe" + s.encode("utf-16-le"),
    "utf-16-be-bom": lambda s: b"\xfe\xff" + s.encode("utf-16-be"),
    "utf-16-le": lambda s: s.encode("utf-16-le"),
    "utf-16-be": lambda s: s.encode("utf-16-be"),
    "utf-32-bom": lambda s: s.encode("utf-32"),
    "cp1256": lambda s: s.encode("cp1256"),
}


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("label", sorted(ENCODINGS))
def test_reader_encodings_round_trip_to_same_text(tmp_path: Path, label: str) -> None:
    path = _write(tmp_path, f"article-{label}.txt", ENCODINGS[label](ARABIC))
    assert read_text(path) == ARABIC
    assert read_text(str(path)) == ARABIC
    assert read_text(path.read_bytes()) == ARABIC


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16-le-bom", "utf-16"),
        ("utf-16-le", "utf-16-le"),
        ("utf-16-be", "utf-16-be"),
        ("utf-32-bom", "utf-32"),
        ("cp1256", "cp1256"),
    ],
)
def test_reader_detect_encoding_names_codec(label: str, expected: str) -> None:
    assert detect_encoding(ENCODINGS[label](ARABIC)) == expected


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_reader_utf16_without_bom_pure_arabic_and_latin(encoding: str) -> None:
    for text in ("كيمجونغأونروسيا", "Kim Jong Un may travel to Russia."):
        assert read_text(text.encode(encoding)) == text


def test_reader_binary_rejected_with_path(tmp_path: Path) -> None:
    path = _write(tmp_path, "image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" * 20)
    with pytest.raises(KhabarError) as info:
        read_text(path)
    assert info.value.code == "E104"
    assert str(path) in str(info.value)
    assert info.value.exit_code == EXIT_INPUT


def test_reader_control_characters_rejected_as_binary(tmp_path: Path) -> None:
    path = _write(tmp_path, "noise.dat", bytes(range(1, 32)) * 50)
    with pytest.raises(KhabarError) as info:
        read_text(path)
    assert info.value.code == "E104"
    assert str(path) in str(info.value)


def test_reader_nul_in_utf8_rejected_as_binary() -> None:
    with pytest.raises(KhabarError) as info:
        read_text("نص\x00عربي".encode(), name="mixed.txt")
    assert info.value.code == "E104"
    assert "mixed.txt" in str(info.value)


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  ", "\ufeff \n".encode("utf-8")])
def test_reader_empty_or_whitespace_rejected(tmp_path: Path, data: bytes) -> None:
    path = _write(tmp_path, "empty.txt", data)
    with pytest.raises(KhabarError) as info:
        read_text(path)
    assert info.value.code == "E103"
    assert str(path) in str(info.value)


def test_reader_missing_file_rejected(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(KhabarError) as info:
        read_text(path)
    assert info.value.code == "E101"
    assert str(info.value) == f"E101 {path}: file not found"


def test_reader_directory_rejected(tmp_path: Path) -> None:
    with pytest.raises(KhabarError) as info:
        read_text(tmp_path)
    assert info.value.code == "E102"


def test_reader_unreadable_file_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Permission bits do not stop root (CI runs as root), so the OS refusal is simulated at open().
    path = _write(tmp_path, "secret.txt", b"text")
    real_open = open

    def refusing_open(file, *args, **kwargs):
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refusing_open)
    with pytest.raises(KhabarError) as info:
        read_text(path)
    assert info.value.code == "E102" and "Permission denied" in str(info.value)


def test_reader_too_large_rejected(tmp_path: Path) -> None:
    path = _write(tmp_path, "big.txt", b"x" * 101)
    with pytest.raises(KhabarError) as info:
        read_text(path, max_bytes=100)
    assert info.value.code == "E106"
    assert read_text(path, max_bytes=101) == "x" * 101
    with pytest.raises(KhabarError) as info:
        read_text(b"x" * 101, max_bytes=100)
    assert info.value.code == "E106"


def test_reader_long_single_line(tmp_path: Path) -> None:
    text = ("بيونغ يانغ " * 10_000)[:100_000]
    path = _write(tmp_path, "long.txt", text.encode("utf-8"))
    assert read_text(path) == text
    assert read_text(text.encode("utf-16")) == text


def test_reader_newlines_normalized() -> None:
    assert read_text("سطر\r\nسطر\rسطر\n".encode()) == "سطر\nسطر\nسطر\n"
    assert read_text("a\r\nb".encode("utf-16")) == "a\nb"


def test_reader_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO(ARABIC.encode("cp1256")))
    monkeypatch.setattr(sys, "stdin", fake)
    assert read_text("-") == ARABIC


def test_reader_stdin_errors_name_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    with pytest.raises(KhabarError) as info:
        read_text("-")
    assert str(info.value) == "E103 <stdin>: input is empty"


def test_reader_name_overrides_label(tmp_path: Path) -> None:
    with pytest.raises(KhabarError) as info:
        read_text(b"", name="article 7")
    assert str(info.value).startswith("E103 article 7:")


def test_reader_decode_bytes_reports_encoding() -> None:
    text, encoding = decode_bytes(ARABIC.encode("cp1256"))
    assert (text, encoding) == (ARABIC, "cp1256")


def test_reader_latin_legacy_text_not_taken_for_cp1256() -> None:
    text = "Cyrillic legacy text: Президент России заявил о переговорах с Северной Кореей. " * 3
    assert read_text(text.encode("cp1251")) == text


_TEXT = st.text(
    alphabet=st.sampled_from(list("ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآىةًٌٍَُِّْ ،؛؟.\nabcXYZ0123٠١٢")),
    min_size=1,
    max_size=200,
).filter(lambda s: s.strip())


@given(_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_reader_property_round_trip(text: str, encoding: str) -> None:
    assert read_text(text.encode(encoding)) == text
