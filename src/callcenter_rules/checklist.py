"""The application materials for an assessed company's licence (Order 42 Art. 8, and what
B24 applicants provide in practice), filled in with its scopes, coverage and authority."""

from __future__ import annotations

from typing import Any

from .law.materials import MATERIALS
from .law.parameters import default_table
from .results import Assessment

__all__ = ["checklist"]


def checklist(result: Assessment) -> list[dict[str, Any]]:
    """The materials for ``result``'s licence, filled in with its scopes and coverage."""
    if result.license_type is None:
        return []
    provinces = result.profile.service_provinces
    values = {
        "scopes": ", ".join(sorted(s.value for s in result.business_scopes)) or "B24",
        "coverage": ", ".join(p.name_en for p in provinces),
        "coverage_zh": "、".join(p.name_zh for p in provinces),
        "authority": result.authority,
        "authority_zh": result.authority_zh,
    }
    codes = set(result.codes)
    table = default_table()
    return [
        {
            "id": m.id,
            "basis": m.basis,
            "title": m.title.format_map(values),
            "title_zh": m.title_zh.format_map(values),
            "confidence": m.confidence.value,
        }
        for m in MATERIALS
        if (m.only_with_code is None or m.only_with_code in codes)
        and result.as_of in m.period.resolve(table)
    ]
