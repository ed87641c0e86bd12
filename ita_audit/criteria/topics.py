"""The policy topic list (``data/criteria/policy-topics.yaml``): the topics an announcement may
cover, the phrases that prove a mention, the signer rules, and the topics each criteria item
requires per year. Data, not code; validated on load.

Each line is normalised the same way as each phrase: pythainlp ``normalize`` (zero-width
characters, doubled or misordered marks, decomposed sara am), Thai digits read as Arabic, case
ignored. A phrase matches when its characters occur in order with only whitespace between
them, so text that a PDF export split ("ผลประโยชน์ ทับซ้อน") still matches; a phrase that
starts or ends with a Latin letter must not touch another Latin letter there.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from pythainlp.util import normalize as thai_normalize

from ita_audit.criteria.files import CRITERIA_DIR
from ita_audit.errors import InputError
from ita_audit.thai import to_arabic_digits
from ita_audit.util.sources import decode_utf8, load_yaml

TOPICS_FILE: Path = CRITERIA_DIR / "policy-topics.yaml"
TOPICS_SCHEMA = "ita-policy-topics/1"


# ── the topic list (data/criteria/policy-topics.yaml) ───────────────────────────────────────

@dataclass(frozen=True)
class Topic:
    """A policy topic: core phrases prove a mention, related phrases only touch on it."""

    id: str
    label_th: str
    label_en: str
    phrases: tuple[str, ...]
    related: tuple[str, ...]
    _patterns: tuple[tuple[str, bool, re.Pattern[str]], ...] = field(
        init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        patterns = [(p, True, phrase_pattern(p)) for p in self.phrases]
        patterns += [(p, False, phrase_pattern(p)) for p in self.related]
        object.__setattr__(self, "_patterns", tuple(patterns))

    def match(self, normalised_line: str) -> tuple[str, bool, int] | None:
        """The first core phrase (else related phrase) on a normalised line: (phrase, core, at)."""
        for phrase, core, pattern in self._patterns:
            found = pattern.search(normalised_line)
            if found:
                return phrase, core, found.start()
        return None


@dataclass(frozen=True)
class ItemTopics:
    """Topics one criteria item requires, and a phrase its criteria name must contain."""

    item: str
    topics: tuple[str, ...]
    name: str
    announcement: bool = False      # the item's evidence is itself an announcement


@dataclass(frozen=True)
class SignerRules:
    """How the signature block is judged (all lists are data in the topics YAML)."""

    head_titles: tuple[str, ...]
    deputy_prefixes: tuple[str, ...]
    on_behalf: tuple[str, ...]
    honorifics: tuple[str, ...]


@dataclass(frozen=True)
class PolicyTopics:
    """The validated topics file."""

    path: str
    sha256: str
    topics: tuple[Topic, ...]
    signer: SignerRules
    item_topics: Mapping[int, Mapping[str, ItemTopics]]

    def topic(self, topic_id: str) -> Topic:
        """The topic with this id; ``KeyError`` if undeclared."""
        for topic in self.topics:
            if topic.id == topic_id:
                return topic
        raise KeyError(f"no topic {topic_id!r} in {self.path}")

    def for_item(self, criteria_year: int, item_id: str) -> ItemTopics | None:
        """The topics an item requires in a criteria year, or None when none are listed."""
        return self.item_topics.get(criteria_year, {}).get(item_id)


def load_policy_topics(path: str | Path | None = None) -> PolicyTopics:
    """Load and validate the topics file (default ``data/criteria/policy-topics.yaml``).

    A problem raises :class:`InputError` naming the file and the key."""
    path = Path(path) if path is not None else TOPICS_FILE
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(path, f"cannot be read: {err.strerror or err}",
                         fix="check the policy topics file path") from None
    return _load_topics(str(path), data)


@lru_cache(maxsize=8)
def _load_topics(shown: str, data: bytes) -> PolicyTopics:
    raw = load_yaml(decode_utf8(data, shown), shown)
    return _TopicsValidator(shown).policy_topics(raw, hashlib.sha256(data).hexdigest())


class _TopicsValidator:
    """Checks a parsed topics file; every failure is an :class:`InputError` with the key."""

    def __init__(self, shown: str) -> None:
        self.shown = shown

    def fail(self, where: str, problem: str, fix: str) -> InputError:
        return InputError(self.shown, problem, where=where, fix=fix)

    def mapping(self, node: Any, where: str, required: Sequence[str],
                optional: Sequence[str] = ()) -> dict[Any, Any]:
        if not isinstance(node, dict):
            raise self.fail(where, "expected a mapping", f"write keys {', '.join(required)}")
        for key in node:
            if key not in (*required, *optional):
                raise self.fail(f"{where}.{key}", f"unknown key {key!r}",
                                f"use one of: {', '.join((*required, *optional))}")
        for key in required:
            if key not in node:
                raise self.fail(f"{where}.{key}", "missing required key", f"add '{key}:'")
        return node

    def text(self, node: Any, where: str) -> str:
        if not isinstance(node, str) or not node.strip():
            raise self.fail(where, f"expected non-empty text, got {node!r}", "write the text")
        return node.strip()

    def texts(self, node: Any, where: str, *, allow_empty: bool = True) -> tuple[str, ...]:
        if not isinstance(node, list) or (not node and not allow_empty):
            raise self.fail(where, "expected a non-empty list" if not allow_empty
                            else "expected a list", "write [a, b] or '- a' lines")
        return tuple(self.text(entry, f"{where}[{i}]") for i, entry in enumerate(node))

    def policy_topics(self, raw: Any, sha256: str) -> PolicyTopics:
        top = self.mapping(raw, "<top level>", ("schema", "topics", "signer", "item_topics"))
        if top["schema"] != TOPICS_SCHEMA:
            raise self.fail("schema", f"unsupported schema {top['schema']!r}",
                            f"use '{TOPICS_SCHEMA}'")
        topics = self.topics(top["topics"])
        known = {t.id for t in topics}
        signer = self.mapping(top["signer"], "signer",
                              ("head_titles", "deputy_prefixes", "on_behalf", "honorifics"))
        rules = SignerRules(*(self.texts(signer[k], f"signer.{k}", allow_empty=False)
                              for k in ("head_titles", "deputy_prefixes", "on_behalf",
                                        "honorifics")))
        return PolicyTopics(path=self.shown, sha256=sha256, topics=topics, signer=rules,
                            item_topics=self.item_topics(top["item_topics"], known))

    def topics(self, node: Any) -> tuple[Topic, ...]:
        if not isinstance(node, list) or not node:
            raise self.fail("topics", "expected a non-empty list", "list the topics")
        result: list[Topic] = []
        for i, entry in enumerate(node):
            where = f"topics[{i}]"
            entry = self.mapping(entry, where, ("id", "label_th", "label_en", "phrases"),
                                 ("related",))
            topic_id = self.text(entry["id"], f"{where}.id")
            if topic_id in {t.id for t in result}:
                raise self.fail(f"{where}.id", f"duplicate topic {topic_id!r}",
                                "give each topic its own id")
            result.append(Topic(topic_id, self.text(entry["label_th"], f"{where}.label_th"),
                                self.text(entry["label_en"], f"{where}.label_en"),
                                self.texts(entry["phrases"], f"{where}.phrases",
                                           allow_empty=False),
                                self.texts(entry.get("related", []), f"{where}.related")))
        return tuple(result)

    def item_topics(self, node: Any, known: set[str]) -> Mapping[int, Mapping[str, ItemTopics]]:
        if not isinstance(node, dict):
            raise self.fail("item_topics", "expected a mapping of criteria years",
                            "write '2566:' with items below it")
        years: dict[int, Mapping[str, ItemTopics]] = {}
        for year, items in node.items():
            where = f"item_topics.{year}"
            if isinstance(year, bool) or not isinstance(year, int):
                raise self.fail(where, "a criteria year must be a number such as 2566",
                                "write the year without quotes")
            if not isinstance(items, dict):
                raise self.fail(where, "expected a mapping of item ids", "write 'O31: {…}'")
            entries: dict[str, ItemTopics] = {}
            for item_id, spec in items.items():
                at = f"{where}.{item_id}"
                if not isinstance(item_id, str) or not _ITEM_ID.fullmatch(item_id):
                    raise self.fail(at, f"{item_id!r} is not an item id", "write ids as O31")
                spec = self.mapping(spec, at, ("topics", "name"), ("announcement",))
                if not isinstance(spec.get("announcement", False), bool):
                    raise self.fail(f"{at}.announcement", "expected true or false",
                                    "write announcement: true")
                names = self.texts(spec["topics"], f"{at}.topics", allow_empty=False)
                for name in names:
                    if name not in known:
                        raise self.fail(f"{at}.topics", f"unknown topic {name!r}",
                                        f"use one of: {', '.join(sorted(known))}")
                entries[item_id] = ItemTopics(item_id, names, self.text(spec["name"], f"{at}.name"),
                                              spec.get("announcement", False))
            years[year] = MappingProxyType(entries)
        return MappingProxyType(years)


# ── text normalisation ───────────────────────────────────────────────────────────────────────

_ITEM_ID = re.compile(r"O[1-9][0-9]*")
LATIN_LETTERS = "A-Za-z"


def normalise(text: str) -> str:
    """A line for matching: pythainlp ``normalize``, Arabic digits (same length)."""
    return to_arabic_digits(thai_normalize(text))


def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase as a regex: its characters in order, whitespace allowed between any two, case
    ignored; a Latin first/last letter must not touch another Latin letter."""
    chars = [c for c in normalise(phrase) if not c.isspace()]
    body = r"\s*".join(re.escape(c) for c in chars)
    left = f"(?<![{LATIN_LETTERS}])" if chars and re.match(f"[{LATIN_LETTERS}]", chars[0]) else ""
    right = f"(?![{LATIN_LETTERS}])" if chars and re.match(f"[{LATIN_LETTERS}]", chars[-1]) else ""
    return re.compile(f"{left}{body}{right}", re.IGNORECASE)
