"""MkDocs hook: the worked examples of the plans page show what the planner really answers.

In plans.md and plans.zh.md, a ``json`` block (a profile) followed by the marker
``<!-- generated: plan YYYY-MM-DD -->`` gets, in place of the marker, the plan for that
profile on that day, as ``callcenter-rules plan`` prints it in the page's language.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

from callcenter_rules import plan
from callcenter_rules.report import render_plan_text

PAGES = {"plans.md": "en", "plans.zh.md": "zh"}
EXAMPLE = re.compile(
    r"```json\n(?P<profile>.*?)```\n\n<!-- generated: plan (?P<day>[0-9-]+) -->", re.S
)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    lang = PAGES.get(page.file.src_uri)
    if lang is None:
        return markdown

    def render(match: re.Match[str]) -> str:
        profile = json.loads(match.group("profile"))
        day = datetime.date.fromisoformat(match.group("day"))
        text = render_plan_text(plan(profile, as_of=day), lang)
        return f"```json\n{match.group('profile')}```\n\n```text\n{text}\n```"

    rendered, count = EXAMPLE.subn(render, markdown)
    if count == 0 or "<!-- generated: plan" in rendered:
        raise ValueError(f"{page.file.src_uri}: a plan example lost its profile or its marker")
    return rendered
