"""Terminal rendering of ``grader rubric try``: what was read, how, and why.

Works on the ``Trial.to_dict()`` object, so the terminal and ``--json`` show
the same facts. The key (reference, accepted forms, misconceptions) is in its
own panel titled as instructor-only: this is never a student's view.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

_STYLE = {"correct": "bold green", "partial": "bold yellow", "incorrect": "bold red",
          "missing": "bold red", "needs_review": "bold magenta"}


def show_trial(trial: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console(highlight=False, soft_wrap=False)
    key = trial["ta_only"]
    console.print(Text.assemble(("grader rubric try  ", "dim"),
                                (f"{trial['assignment']} · {trial['part']}", "bold"),
                                (f"  ({trial['kind']}, {key['points']:g} pts)", "dim")))
    if key["prompt"]:
        console.print(Text(key["prompt"], style="italic"))
    console.print(Panel(_reading(trial), title="1. the text read", title_align="left"))
    console.print(Panel(_verdict(trial), title="2. interpretation and verdict",
                        title_align="left"))
    console.print(Panel(_key(key), title="3. the key (instructors and TAs only)",
                        title_align="left", border_style="red"))


def _reading(trial: dict[str, Any]) -> Group:
    lines: list[Any] = [Text(trial["text"] or "(nothing found for this part)")]
    details = [f"read as: {trial['read_as']}"]
    if trial["final_line"]:
        details.append(f"final line: {trial['final_line']}")
    if trial["declared"]:
        details.append("declared: " + ", ".join(f"{k} = {v}"
                                                for k, v in trial["declared"].items()))
    if trial["location_confidence"] < 1:
        details.append(f"located with confidence {trial['location_confidence']:.0%}")
    details += [f"other reading: {c}" for c in trial["other_readings"]]
    lines += [Text(d, style="dim") for d in details]
    return Group(*lines)


def _verdict(trial: dict[str, Any]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    table.add_row("interpreted as", escape(trial["interpreted_as"] or "—"))
    verdict = Text(trial["status"], style=_STYLE.get(trial["status"], "bold"))
    verdict.append(f"   {trial['score']:g} / {trial['max_score']:g}", style="bold")
    if trial["status"] == "needs_review":
        verdict.append("  (suggested score; a TA decides)", style="dim")
    table.add_row("verdict", verdict)
    table.add_row("feedback (student)", _bullets(trial["feedback"]))
    table.add_row("reasoning (TA notes)", _bullets(trial["ta_notes"]))
    return table


def _key(key: dict[str, Any]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    if key["reference"]:
        table.add_row("reference", escape(_untab(key["reference"])))
    if key["model_answer"]:
        table.add_row("model answer", escape(key["model_answer"]))
    for form in key["accepted"]:
        table.add_row("accepted", escape(_untab(form["form"] or "?")
                                         + (f"  — {form['note']}" if form["note"] else "")))
    for item in key["misconceptions"]:
        shown = item["form"] or (f"keywords: {', '.join(item['keywords'])}"
                                 if item["keywords"] else "reported by id")
        table.add_row(f"misconception ({item['points']:g})",
                      escape(f"{item['id']}: {_untab(shown)}"))
    for example in key["examples"]:
        table.add_row(f"example ({example['points']:g})", escape(
            example["answer"] + (f"  — {example['note']}" if example["note"] else "")))
    if key["settings"]:
        settings = ", ".join(f"{k}={v}" for k, v in key["settings"].items())
        table.add_row("settings", escape(settings if len(settings) < 400
                                         else settings[:399] + "…"))
    return table


def _bullets(items: list[str]) -> Text:
    if not items:
        return Text("—", style="dim")
    return Text("\n".join(f"• {item}" for item in items))


def _untab(text: str) -> str:
    """Table cells are tab-separated in the written form; spaces read better here."""
    return " ".join(text.split("\t")) if "\t" in text else text
