"""The three downloadable documents of a purchase — pure Python, no Django.

* the award-criteria section of the consultation rules (« règlement de la consultation »),
* the chosen clauses for the technical specifications and the contract (CCTP, CCAP),
* the offers' analysis report (« rapport d'analyse des offres »).

Each is a list of blocks written as DOCX, ODT or PDF by ``recensia.compliance.documents``
(standard library and fpdf2, the same writers as the ethics charter).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from recensia.compliance.documents import (
    DOCX_MIMETYPE,
    ODT_MIMETYPE,
    PDF_MIMETYPE,
    Block,
    Table,
    docx_bytes,
    odt_bytes,
    pdf_bytes,
)

from .clauses import DOCUMENTS, Clause, footprint_reporting_text
from .grid import METHOD_FOOTPRINT, METHOD_PRICE, Grid
from .scoring import Scoring, fr_number, fr_sig

FORMATS = {"docx": DOCX_MIMETYPE, "odt": ODT_MIMETYPE, "pdf": PDF_MIMETYPE}
KINDS = {
    "reglement": "Règlement de la consultation — critères d'attribution",
    "clauses": "Clauses du marché",
    "analyse": "Rapport d'analyse des offres",
}
REVIEW_NOTE = ("Document préparé avec RecensIA à partir de la grille de la collectivité. À relire "
               "par le service de la commande publique avant usage : il ne remplace pas l'avis "
               "d'un juriste.")


def _date_fr(day: date) -> str:
    months = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre")
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _points(x: float) -> str:
    return f"{fr_number(x, 2)} point{'s' if abs(x) >= 2 else ''}"


def _criteria_table(grid: Grid) -> Table:
    rows = []
    for i, c in enumerate(grid.criteria, start=1):
        subs = " ; ".join(f"{s.label} : {fr_number(s.weight, 2)}" for s in c.subcriteria)
        rows.append((f"{i}. {c.label}" + (" (critère environnemental)"
                                          if c.is_environmental else ""),
                     fr_number(c.weight, 2), subs or "—"))
    rows.append(("Total", fr_number(grid.total_weight, 2), ""))
    return Table(("Critère", "Poids (points sur 100)", "Sous-critères et leurs points"),
                 tuple(rows), (5, 2, 5))


def rules_blocks(grid: Grid, *, organization: str, generated_on: date,
                 methodology_url: str) -> list[Block]:
    blocks: list[Block] = [
        ("title", "Règlement de la consultation — critères d'attribution"),
        ("subtitle", f"{grid.title} — {organization} — version du {_date_fr(generated_on)}"),
    ]
    if grid.subject:
        blocks += [("heading", "Objet du marché"), ("paragraph", grid.subject)]
    blocks += [
        ("heading", "Jugement des offres"),
        ("paragraph", "Le marché est attribué au candidat qui a présenté l'offre économiquement "
                      "la plus avantageuse, appréciée selon les critères pondérés ci-dessous. "
                      "Les critères, leurs sous-critères et leurs poids sont annoncés ici, ainsi "
                      "que la façon dont chacun est noté (Code de la commande publique, "
                      "art. L2152-7, R2152-7, R2152-11 et R2152-12)."),
        ("table", _criteria_table(grid)),
    ]
    for i, c in enumerate(grid.criteria, start=1):
        blocks.append(("heading2", f"Critère n° {i} : {c.label} ({_points(c.weight)})"))
        if c.description:
            blocks.append(("paragraph", c.description))
        for s in c.subcriteria:
            blocks.append(("bullet", f"{s.label} : {_points(s.weight)}"))
        if c.assessment:
            blocks.append(("paragraph", f"Notation : {c.assessment}"))
        if c.method == METHOD_FOOTPRINT:
            blocks.append(("paragraph",
                           "Pour ce critère, le candidat déclare dans son offre les données "
                           f"suivantes : {footprint_reporting_text()}. L'empreinte annuelle de "
                           "chaque offre est calculée par la méthode publique de RecensIA "
                           f"({methodology_url}), en fourchette (valeur basse, centrale et "
                           "haute). Une offre qui ne fournit pas ces données obtient 0 point à "
                           "ce critère."))
        if c.method == METHOD_PRICE:
            blocks.append(("note", "Le prix retenu est le prix total indiqué par le candidat "
                                   "dans la décomposition du prix, toutes options demandées "
                                   "comprises."))
        if c.subject_link:
            blocks.append(("note", f"Lien avec l'objet du marché : {c.subject_link}"))
    blocks += [("heading", "Notes"), ("note", REVIEW_NOTE)]
    return blocks


def clauses_blocks(clauses: Sequence[Clause], *, title: str, organization: str,
                   generated_on: date, site_url: str) -> list[Block]:
    blocks: list[Block] = [
        ("title", "Clauses du marché"),
        ("subtitle", f"{title} — {organization} — version du {_date_fr(generated_on)}"),
    ]
    if not clauses:
        blocks.append(("paragraph", "Aucune clause n'a encore été choisie."))
    for document, label in DOCUMENTS.items():
        chosen = [c for c in clauses if c.document == document]
        if not chosen:
            continue
        blocks.append(("heading", label[0].upper() + label[1:]))
        for n, clause in enumerate(chosen, start=1):
            blocks += [("heading2", f"Article {n} — {clause.title}"),
                       ("paragraph", clause.text),
                       ("note", f"Quand l'utiliser : {clause.when}")]
            sources = " ; ".join(
                f"{s.label} ({site_url + s.url if s.url.startswith('/') else s.url})"
                for s in clause.sources)
            blocks.append(("note", f"Source : {sources}"))
    blocks += [("heading", "Notes"), ("note", REVIEW_NOTE)]
    return blocks


def analysis_blocks(grid: Grid, scoring: Scoring, *, organization: str, generated_on: date,
                    prices: Mapping[str, float | None],
                    footprints: Mapping[str, tuple[float, float, float] | None],
                    comments: Mapping[str, Mapping[str, str]],
                    versions: Mapping[str, str]) -> list[Block]:
    blocks: list[Block] = [
        ("title", "Rapport d'analyse des offres"),
        ("subtitle", f"{grid.title} — {organization} — version du {_date_fr(generated_on)}"),
        ("heading", "Critères et pondération annoncés"),
        ("table", _criteria_table(grid)),
        ("heading", "Classement"),
    ]
    headers = ("Rang", "Candidat", "Prix (€)",
               *(c.label for c in grid.criteria), "Total sur 100")
    rows = []
    for s in scoring.offers:
        price = prices.get(s.offer.key)
        rows.append((str(s.rank), s.offer.vendor,
                     fr_number(price, 2) if price is not None else "non indiqué",
                     *(fr_number(s.by_criterion.get(c.label, 0.0), 2) for c in grid.criteria),
                     fr_number(s.total, 2)))
    blocks.append(("table", Table(headers, tuple(rows),
                                  (1, 3, 2, *([2] * len(grid.criteria)), 2))))
    blocks += [("heading", "Explication du classement")]
    blocks += [("bullet", line) for line in scoring.explanation]

    if scoring.groups or any(footprints.values()):
        blocks.append(("heading", "Empreinte environnementale des offres"))
        blocks.append(("paragraph",
                       "Émissions annuelles de gaz à effet de serre estimées par la méthode "
                       "de RecensIA à partir des données déclarées par chaque candidat, en "
                       "fourchette. Les offres dont les fourchettes se chevauchent forment un "
                       "même groupe et reçoivent la même note : la précision des données ne "
                       "permet pas de les départager."))
        rows = []
        for s in scoring.offers:
            fp = footprints.get(s.offer.key)
            group = s.footprint_group
            points = next((g.points for g in scoring.groups if g.rank == group), 0.0)
            rows.append((s.offer.vendor,
                         f"{fr_sig(fp[0])} à {fr_sig(fp[2])} (valeur centrale {fr_sig(fp[1])})"
                         if fp else "non fournie",
                         f"groupe n° {group}" if group else "—",
                         fr_number(points, 2) if group else "0"))
        blocks.append(("table", Table(("Candidat", "kg éq. CO2 par an", "Groupe",
                                       "Points"), tuple(rows), (3, 4, 2, 1))))

    blocks.append(("heading", "Notes détaillées"))
    for s in scoring.offers:
        blocks.append(("heading2", f"{s.offer.vendor} — {fr_number(s.total, 2)} points"))
        rows = []
        for line in scoring.lines:
            score = s.lines[line.key]
            detail = ("donnée manquante" if score.missing
                      else f"note {fr_number(score.note, 1)} sur 10"
                      if score.note is not None else "formule")
            rows.append((line.label, fr_number(line.weight, 2), detail,
                         fr_number(score.points, 2),
                         comments.get(s.offer.key, {}).get(line.key, "")))
        blocks.append(("table", Table(("Critère ou sous-critère", "Poids", "Appréciation",
                                       "Points", "Justification"), tuple(rows),
                                      (4, 1, 2, 1, 5))))
    blocks.append(("heading", "Méthode"))
    blocks += [("bullet", line) for line in scoring.method]
    if versions:
        blocks.append(("note", "Versions : " + ", ".join(f"{k} {v}"
                                                          for k, v in versions.items()) + "."))
    blocks.append(("note", REVIEW_NOTE))
    return blocks


def render(blocks: list[Block], fmt: str, *, title: str, footer: str, created: date) -> bytes:
    if fmt == "docx":
        return docx_bytes(blocks, title=title, created=created)
    if fmt == "odt":
        return odt_bytes(blocks, title=title, created=created)
    if fmt == "pdf":
        return pdf_bytes(blocks, title=title, footer=footer, created=created)
    raise ValueError(f"format inconnu : {fmt}")
