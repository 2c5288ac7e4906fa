"""Ethics checklist, draft charter and its DOCX / ODT / PDF files."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from datetime import date
from xml.etree import ElementTree  # parses only the files the tests just produced

import pytest

from recensia.compliance import (
    CharterAnswers,
    EthicsAnswers,
    charter_docx,
    charter_odt,
    charter_pdf,
    draft_charter,
    ethics_checklist,
)
from recensia.compliance.ethics import CHARTERS, PRINCIPLES

CORE = {"human_oversight", "transparency", "non_discrimination", "sobriety", "sovereignty",
        "citizen_involvement"}


def test_principles_cover_the_local_charters():
    ids = {p["id"] for p in PRINCIPLES}
    assert ids >= CORE
    owners = {c["id"] for c in CHARTERS}
    assert {"nantes_2019", "nantes_2024", "montpellier_2024", "bordeaux_2025",
            "strasbourg_2025", "toulouse_2025", "isere_2025"} <= owners
    cited = {s for p in PRINCIPLES for s in p["sources"]}
    assert owners - {"senat_2025"} <= cited  # every charter inspires at least one principle


def test_checklist_keeps_the_stored_answers():
    stored = EthicsAnswers(answers={"human_decides": "yes", "bias_tested": "no",
                                    "hosting_eu": "partial", "bogus": "yes"},
                           comments={"bias_tested": "Test prévu en janvier"})
    checklist = ethics_checklist(stored)
    assert {s.principle_id for s in checklist.sections} >= CORE
    items = {i.id: i for i in checklist.items}
    assert items["human_decides"].answer_label == "Oui"
    assert items["bias_tested"].comment == "Test prévu en janvier"
    assert {i.id for i in checklist.to_improve} == {"bias_tested", "hosting_eu"}
    assert checklist.counts["yes"] == 1 and 0 < checklist.progress < 1
    assert "bogus" not in stored.answers
    # JSON round trip of the stored answers
    assert EthicsAnswers.from_dict(stored.to_dict()) == stored
    assert ethics_checklist(stored.to_dict()).to_dict() == checklist.to_dict()


def test_checklist_sections_cite_their_sources():
    section = ethics_checklist(principles=["citizen_involvement"]).sections[0]
    assert any(s["id"] == "montpellier_2024" for s in section.sources)
    with pytest.raises(KeyError):
        ethics_checklist(principles=["nope"])


ANSWERS = CharterAnswers(
    collectivite_name="Communauté de communes du Val Fictif",
    principles=["human_oversight", "transparency", "sobriety", "no_biometric_surveillance"],
    custom_commitments=["Publier chaque projet d'IA sur RecensIA."],
    adoption_body="le conseil communautaire", contact="dpo@val-fictif.example",
    review_years=2, date=date(2026, 11, 26),
)


def test_draft_charter_follows_the_answers():
    charter = draft_charter(ANSWERS)
    text = charter.to_text()
    assert charter.title.endswith("Val Fictif")
    assert "le conseil communautaire" in charter.subtitle
    titles = [s.title for s in charter.sections]
    assert "1. Contrôle humain" in titles and "4. Pas de reconnaissance faciale dans l'espace " \
        "public" in titles
    assert "Engagements propres à la collectivité" in titles
    assert "Publier chaque projet d'IA sur RecensIA." in text
    assert "tous les 2 ans" in text and "dpo@val-fictif.example" in text
    assert "Non-discrimination" not in text  # not chosen
    assert any("Nantes Métropole" in r for r in charter.references)
    assert draft_charter(ANSWERS.to_dict()).to_dict() == charter.to_dict()


def test_charter_defaults_to_the_core_principles_and_needs_a_name():
    charter = draft_charter({"collectivite_name": "Ville d'Exemple"})
    assert len([s for s in charter.sections if s.title[0].isdigit()]) == len(CORE)
    with pytest.raises(ValueError):
        CharterAnswers(collectivite_name="  ")


def _xml_text(data: bytes) -> str:
    return "".join(ElementTree.fromstring(data).itertext())  # noqa: S314


def test_docx_is_a_valid_word_package_with_the_text():
    data = charter_docx(ANSWERS)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml",
                "word/styles.xml", "word/_rels/document.xml.rels"} <= names
        for name in names:  # every part is well-formed XML
            ElementTree.fromstring(zf.read(name))  # noqa: S314
        text = _xml_text(zf.read("word/document.xml"))
        assert "wordprocessingml.document.main+xml" in zf.read("[Content_Types].xml").decode()
    assert "Charte éthique de l'intelligence artificielle" in text
    assert "Val Fictif" in text and "Publier chaque projet d'IA sur RecensIA." in text
    assert charter_docx(ANSWERS) == data  # deterministic


def test_odt_is_a_valid_opendocument_with_the_text():
    data = charter_odt(draft_charter(ANSWERS))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        first = zf.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert zf.read("mimetype") == b"application/vnd.oasis.opendocument.text"
        manifest = zf.read("META-INF/manifest.xml").decode()
        assert "content.xml" in manifest
        for name in ("content.xml", "styles.xml", "meta.xml", "META-INF/manifest.xml"):
            ElementTree.fromstring(zf.read(name))  # noqa: S314
        text = _xml_text(zf.read("content.xml"))
    assert "Contrôle humain" in text and "Val Fictif" in text
    assert data[30:38] == b"mimetype"  # readable by tools that sniff the first bytes


def _pdf_text(data: bytes) -> bytes:
    chunks = [data]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            chunks.append(stream)
    return b"".join(chunks)


def test_pdf_has_a_header_and_the_text():
    data = charter_pdf(ANSWERS)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    content = _pdf_text(data)
    assert b"Val Fictif" in content
    assert b"RecensIA" in content
    assert "Contrôle humain".encode("cp1252") in content  # accents kept (standard fonts)


def test_pdf_survives_characters_outside_the_standard_fonts():
    charter = draft_charter({"collectivite_name": "Commune d'Œuf-en-Ternois ✓ 東京",
                             "date": "2026-11-26"})
    assert charter_pdf(charter).startswith(b"%PDF-")
