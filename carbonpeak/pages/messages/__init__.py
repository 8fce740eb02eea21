"""The translation catalogue: every text a page generates, in English and in Chinese side by side.

One YAML file per concern in this folder (``common.yml``: punctuation, units, source notes; ``labels.yml``:
scenarios, rules, statuses, sectors, grades, assumptions; one file per page for its sentences, tables and
charts). A message is a mapping with an ``en`` and a ``zh`` text (or a list of lines, for a chart title),
formatted with ``str.format``; its key is its path in its file: ``answer.finding.rule``. Groups whose English
has another home (an assumption's label is in data/assumptions.yml, a rule's in carbonpeak.analysis.peaks, a
projected target's basis in carbonpeak.targets.trends)
give only the Chinese here and get the English from that home, so nothing is said twice; a part's labels come
from data/parts.yml. ``missing`` lists every message that lacks a language (a test keeps it empty).
"""

from __future__ import annotations

import functools
from pathlib import Path

from carbonpeak.errors import ParameterError
from carbonpeak.files import parse_trusted_yaml

FOLDER = Path(__file__).parent
LANGS = ("en", "zh")
# how many of a language's units one Mt CO2 is: Mt in English, 万吨 in Chinese
CO2_SCALE = {"en": 1, "zh": 100}
# how many of a language's units one TWh is: TWh in English, 亿千瓦时 in Chinese (as Chinese power statistics write)
ELECTRICITY_SCALE = {"en": 1, "zh": 10}


def _english_homes() -> dict[str, dict[str, str]]:
    """The English of groups kept elsewhere: group -> name -> English text."""
    from carbonpeak.analysis import accuracy, peaks
    from carbonpeak.data.provenance import GRADES
    from carbonpeak.inputs import assumptions, parts
    from carbonpeak.model import estimates
    from carbonpeak.targets import trends

    def split(text: str) -> tuple[str, str]:  # 'name (meaning)' -> name, meaning
        name, rest = text.split(" (", 1)
        inner, after = rest.split(")", 1)
        return name, inner + after

    return {
        "labels.assumption": {n: a.label for n, a in assumptions.registry().items()},
        "labels.rule": {n: r["label"] for n, r in peaks.RULES.items()},
        "labels.rule_description": {n: r["description"] for n, r in peaks.RULES.items()},
        "labels.grade": {g: split(t)[0] for g, t in GRADES.items()},
        "labels.grade_meaning": {g: split(t)[1] for g, t in GRADES.items()},
        "labels.part": {n: p.en for n, p in parts.parts().items()},
        "backtest.description": dict(accuracy.LABELS),
        "labels.target_basis": {
            **{t.id: t.basis for t in trends.TRENDS},
            **{b[0]: b[4] for b in trends.BUILD_OUT},
        },
        "labels.peak_reason": dict(peaks.REASONS),
        "model.fit": dict(estimates.LABELS),
    }


def _chinese_homes() -> dict[str, dict[str, str]]:
    """The Chinese of groups kept elsewhere (a part's labels are declared with the part)."""
    from carbonpeak.inputs import parts

    return {"labels.part": {n: p.zh for n, p in parts.parts().items()}}


def _is_message(node) -> bool:
    return isinstance(node, dict) and bool(node) and set(node) <= set(LANGS)


def _flatten(prefix: str, node, out: dict) -> None:
    if _is_message(node):
        out[prefix] = dict(node)
        return
    if not isinstance(node, dict):
        raise ParameterError(f"message catalogue: {prefix} is neither a group nor a message with en and zh")
    for key, child in node.items():
        _flatten(f"{prefix}.{key}", child, out)


@functools.cache
def catalogue() -> dict[str, dict]:
    """Every message: key -> {"en": ..., "zh": ...} (the files of this folder, with the English and Chinese kept
    in other homes added)."""
    out: dict[str, dict] = {}
    for path in sorted(FOLDER.glob("*.yml")):
        _flatten(path.stem, parse_trusted_yaml(path.read_text(encoding="utf-8")) or {}, out)
    for lang, homes in (("en", _english_homes()), ("zh", _chinese_homes())):
        for group, texts in homes.items():
            for name, text in texts.items():
                out.setdefault(f"{group}.{name}", {})[lang] = text
    return out


def missing() -> list[str]:
    """'key: lang' for every message without a text (or with an empty one) in a language; a message may be
    empty on purpose in one language only where its key says so (a column left out, ``plan_targets``)."""
    gaps = []
    for key, texts in catalogue().items():
        for lang in LANGS:
            if lang not in texts or (texts[lang] in (None, "") and not key.startswith(OPTIONAL)):
                gaps.append(f"{key}: {lang}")
    return gaps


# messages that are empty in one language on purpose (a table column the other language shows)
OPTIONAL = (
    "common.punct.name_value",
    "answer.plan_targets.in_plan",
    "answer.plan_targets.boundary",
    "common.assumptions.name",
    "common.assumptions.source",
    "common.scenario_changes.source",
    "transport.progress.R08.note",
    "sinks.assumptions.name",
    "sinks.assumptions.source",
    "sinks.assumptions.reason",
)


def _check(lang: str) -> None:
    if lang not in LANGS:
        raise ParameterError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")


def text(key: str, lang: str, **values):
    """The message ``key`` in ``lang``, formatted with ``values`` (a list of lines stays a list)."""
    _check(lang)
    try:
        message = catalogue()[key][lang]
    except KeyError:
        raise ParameterError(f"no message {key!r} in {lang!r} in the catalogue (carbonpeak/pages/messages)") from None
    if isinstance(message, list):
        return [line.format(**values) for line in message]
    return message.format(**values)


def has(key: str) -> bool:
    """Whether the catalogue holds a message under ``key``."""
    return key in catalogue()


def label(group: str, name: str, lang: str) -> str:
    """A shared label (labels.yml): ``label("scenario", "plan", "zh")`` -> '规划情景'; a name the group does not
    know is returned as it is."""
    _check(lang)
    entry = catalogue().get(f"labels.{group}.{name}")
    return entry[lang] if entry and entry.get(lang) else name


def group(name: str, lang: str) -> dict[str, str]:
    """Every label of a group in one language: name -> text."""
    _check(lang)
    prefix = f"labels.{name}."
    return {k[len(prefix) :]: v[lang] for k, v in catalogue().items() if k.startswith(prefix)}


def join(items, lang: str, sep: str = "list") -> str:
    """Items joined with the language's separator (``list``: ', ' / '，'; ``enum``: ', ' / '、'; ``clause``)."""
    return text(f"common.punct.{sep}", lang).join(items)


def co2(mt: float, lang: str) -> float:
    """Mt CO2 in the language's unit (Mt in English, 万吨 in Chinese)."""
    return mt * CO2_SCALE[lang]


def source_note(sources: list[str], grades: list[str] | None, extra: str, lang: str):
    """'Source: <short citations>. Grade: <grades>. <extra>' in the page's language (the citations are names),
    with its short line for under the chart (carbonpeak.charts.SourceNote)."""
    from carbonpeak.charts import SHORT_SOURCES, SourceNote
    from carbonpeak.data.provenance import short_citation

    citations = list(dict.fromkeys(short_citation(s) for s in sources))
    note = text("common.source.note", lang, cites=text("common.punct.clause", lang).join(citations))
    if grades:
        names = join((label("grade", g, lang) for g in dict.fromkeys(grades)), lang, "clause")
        note += text("common.source.grades", lang, grades=names)
    if extra:
        note += text("common.source.extra", lang, text=extra)
    names = list(dict.fromkeys(label("source_name", c.split(" (")[0], lang) for c in citations))
    more = len(names) - SHORT_SOURCES
    short = text("common.punct.clause", lang).join(names[:SHORT_SOURCES])
    short += text("common.source.more", lang, more=more) if more > 0 else ""
    return SourceNote(note, text("common.source.short", lang, names=short))


def figure_csv(lang: str) -> dict:
    """What a chart's CSV download carries in ``lang`` (carbonpeak.charts.Figure's arguments): in Chinese the
    catalogue's column names (the file then starts with a byte-order mark, as any CSV beyond ASCII does)."""
    _check(lang)
    if lang == "en":
        return {}
    return {
        "csv_columns": group("column", lang),
        "download_label": text("common.download_csv", lang),
        "notes_label": text("common.full_notes", lang),
    }


def electricity(twh: float, lang: str) -> float:
    """TWh in the language's unit (TWh in English, 亿千瓦时 in Chinese)."""
    return twh * ELECTRICITY_SCALE[lang]
