"""The kinds of document that count for each OIT item of a year
(``data/criteria/document-kinds-<year>.yaml``), and telling a title's kind.

A careful assessor does not pass an item because *something* is listed under it: O14 asks for
staff manuals, and 'Facebook' or a bare 'คู่มือ' does not show one. Each item of the file names
its kind in Thai and the title patterns that show it:

* ``match``: a title with one of these patterns is of the item's kind, and is *clearly* of that
  kind for every other item too (a complaint channel listed under O27 is an O28 document);
* ``also``: patterns that count for this item only (a bare 'ประกาศ' under O6, the laws);
* ``months``: bare month-name entries count (the monthly procurement summaries of O21);
* ``basis_from``: the plan items a report reports on (O37 on O36); it inherits their year basis.

A pattern is groups joined by ``+`` that must all occur, each a choice of words joined by
``|``: ``คู่มือ|แนวทาง + ปฏิบัติงาน``. Words are found in the title with whitespace removed,
case folded and Thai digits read as Arabic (titles split words at random, and pythainlp's
dictionary joins others, "ข่าวประชาสัมพันธ์", so token boundaries would miss them); a word
listed under ``false_friends`` does not count inside a longer word that only looks like it
("ข่าว" in "ข่าวสาร", "ประกาศ" in "ประกาศนียบัตร").

An item without an entry has no kind rule (everything listed counts). Items are inferred, not
transcribed: the file's header says from what.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ita_audit.criteria.files import criteria_folder, load_criteria
from ita_audit.criteria.model import Criteria
from ita_audit.errors import CriteriaError
from ita_audit.thai import to_arabic_digits
from ita_audit.util.paths import relative
from ita_audit.util.sources import decode_utf8, load_yaml

SCHEMA = "ita-document-kinds/1"
_ITEM_KEYS = {"kind", "match", "also", "months", "basis_from"}
_TOP_KEYS = {"schema", "fiscal_year", "false_friends", "items"}
_ITEM_ID = re.compile(r"O[1-9][0-9]*\Z")


def squash(text: str) -> str:
    """A title as patterns are matched on: no whitespace, case folded, Arabic digits."""
    return "".join(to_arabic_digits(text).split()).casefold()


@dataclass(frozen=True)
class Pattern:
    """Groups of alternative words that must all occur in a title."""

    text: str                                  # as written in the file
    groups: tuple[tuple[str, ...], ...]        # squashed words
    shown: tuple[tuple[str, ...], ...] = ()    # the same words as written, for reasons

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(word for group in self.groups for word in group)


@dataclass(frozen=True)
class ItemKind:
    """The documents that count for one item."""

    item: str
    kind: str                                  # what the item asks for, in Thai
    match: tuple[Pattern, ...]
    also: tuple[Pattern, ...] = ()
    months: bool = False
    basis_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class TitleKind:
    """What a title is for one item: ``right`` (of its kind), ``other`` (clearly of another
    item's kind) or ``unknown``; the pattern that matched; the items whose kind it is."""

    verdict: str
    pattern: str | None = None                 # the words found ("รายงานผล + ไตรมาส")
    others: tuple[str, ...] = ()
    bare_label: bool = False                   # the title is one word of the item's patterns
    strong: bool = True                        # met a ``match`` pattern (not only ``also``)
    via: str = "title"                         # title, month (a bare month entry), exception


@dataclass(frozen=True)
class DocumentKinds:
    """One year's document kinds."""

    fiscal_year: int
    path: Path
    sha256: str
    items: Mapping[str, ItemKind]
    false_friends: Mapping[str, tuple[str, ...]]
    # every pattern compiled for classifying many titles, and the memo of titles: the patterns
    # each meets, and the squashed form of those that are one pattern word (bare labels); no
    # tuple per title, so that the collector has one object fewer to scan for each
    _matcher: _Matcher = field(init=False, repr=False, compare=False, hash=False)
    _titles: dict[str, _Met] = field(default_factory=dict, init=False, repr=False,
                                     compare=False, hash=False)
    _labels: dict[str, str] = field(default_factory=dict, init=False, repr=False,
                                    compare=False, hash=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_matcher", _Matcher(self.items, self.false_friends))

    def rule(self, item: str) -> ItemKind | None:
        return self.items.get(item)

    def classify(self, item: str, title: str, *, month: bool = False,
                 exception: bool = False) -> TitleKind | None:
        """The kind of a title for ``item``; None when the item has no kind rule. A bare month
        entry counts when the item takes them; a title stating the item's exception counts."""
        rule = self.items.get(item)
        if rule is None:
            return None
        if exception:
            return _BY_EXCEPTION
        if month and rule.months:
            return _BY_MONTH
        met = self._titles.get(title) or self._profile(title)
        found = met.kinds.get(item)
        if found is None:
            found = met.kind(item)
        if found is _UNKNOWN:
            return _BARE_LABEL if self._labels.get(title) in self._matcher.words_of[item] \
                else _UNKNOWN
        return found

    def _profile(self, title: str) -> _Met:
        """The patterns a title meets, memoised (titles recur), and its squashed form when it
        is one pattern word."""
        flat = squash(title)
        met = self._matcher.matches(self._matcher.held(flat))
        if len(self._titles) > MEMO_SIZE:
            self._titles.clear()
            self._labels.clear()
        self._titles[title] = met
        if flat in self._matcher.inside:                  # one of the patterns' words
            self._labels[title] = flat
        return met


#: Titles a :class:`DocumentKinds` remembers before it forgets them all (titles recur across
#: the indexes of a batch; most that name an agency are seen once).
MEMO_SIZE = 50_000
_BY_EXCEPTION = TitleKind("right", via="exception")
_BY_MONTH = TitleKind("right", via="month")
_UNKNOWN = TitleKind("unknown")
_BARE_LABEL = TitleKind("unknown", bare_label=True)


class _Met:
    """The patterns met by the titles that hold one set of pattern words, and the kinds those
    titles are of for each item (TitleKinds are immutable: the titles share them)."""

    __slots__ = ("strong", "any", "patterns", "kinds")

    def __init__(self, strong: frozenset[str], any_: frozenset[str],
                 patterns: dict[str, str]) -> None:
        self.strong = strong        # items whose ``match`` the words meet
        self.any = any_             # items whose ``match`` or ``also`` they meet
        self.patterns = patterns    # item -> the pattern met
        self.kinds: dict[str, TitleKind] = {}

    def kind(self, item: str) -> TitleKind:
        """The kind for ``item`` (``_UNKNOWN`` stands for both unknown kinds), kept."""
        if item in self.any:
            found = TitleKind("right", self.patterns[item], strong=item in self.strong)
        else:
            others = tuple(sorted(self.strong - {item}, key=lambda i: int(i[1:])))
            found = TitleKind("other", None, others) if others else _UNKNOWN
        self.kinds[item] = found
        return found


class _Matcher:
    """Every pattern of a year's kinds, compiled for classifying many titles.

    One regular expression (the pattern words as a trie, so that it tries the few words that
    begin with the letter at hand) finds the longest word at the leftmost place; the words
    inside it are known in advance, and the next search starts at the first place inside it
    where a word could begin and run past its end. The patterns are then evaluated once per
    distinct set of held words, which titles that differ only in a name, a date or a number
    share.
    """

    def __init__(self, items: Mapping[str, ItemKind],
                 false_friends: Mapping[str, tuple[str, ...]]) -> None:
        words = sorted({w for rule in items.values() for p in (*rule.match, *rule.also)
                        for group in p.groups for w in group})
        self.false_friends = false_friends
        self.scan = re.compile(_trie(words))
        # the scan finds the longest word at a place: a title holding it holds every word
        # inside it, and the next word not inside it begins at ``resume`` or later
        self.inside = {w: tuple(x for x in words if x in w) for w in words}
        begun = {x[:i] for x in words for i in range(1, len(x))}   # proper prefixes of words
        self.resume = {w: next((i for i in range(1, len(w)) if w[i:] in begun), len(w))
                       for w in words}
        # item -> its words: a title that is one of them is a bare label
        self.words_of = {item: frozenset(w for p in (*rule.match, *rule.also) for w in p.words)
                         for item, rule in items.items()}
        # a word of a pattern's first group -> (item rank, pattern rank) of those patterns
        first: dict[str, list[tuple[int, int]]] = {}
        self.patterns: dict[tuple[int, int], tuple[str, bool, Pattern]] = {}
        for item_rank, rule in enumerate(items.values()):
            ordered = [(False, p) for p in rule.match] + [(True, p) for p in rule.also]
            for rank, (weak, pattern) in enumerate(ordered):
                self.patterns[(item_rank, rank)] = (rule.item, weak, pattern)
                for word in pattern.groups[0]:
                    first.setdefault(word, []).append((item_rank, rank))
        self.first = {w: tuple(v) for w, v in first.items()}
        self._met: dict[frozenset[str], _Met] = {}

    def held(self, flat: str) -> frozenset[str]:
        """The pattern words a squashed title holds, outside their false friends."""
        found: set[str] = set()
        search, inside, resume = self.scan.search, self.inside, self.resume
        match = search(flat)
        while match is not None:
            word = match.group()
            found.update(inside[word])
            match = search(flat, match.start() + resume[word])
        friends = self.false_friends
        if found.isdisjoint(friends):
            return frozenset(found)
        return frozenset(w for w in found if w not in friends or _has(flat, w, friends[w]))

    def matches(self, held: frozenset[str]) -> _Met:
        """The patterns met by a title holding ``held``, memoised (there are few such sets)."""
        met = self._met.get(held)
        if met is None:
            strong: set[str] = set()
            patterns: dict[str, str] = {}
            # only patterns whose first group the title holds can match; each item's first
            # matching pattern in file order (match before also) is the one reported
            for key in sorted({k for w in held for k in self.first.get(w, ())}):
                item, weak, pattern = self.patterns[key]
                if item in patterns:
                    continue
                words = _found(held, pattern)
                if words is not None:
                    patterns[item] = words
                    if not weak:
                        strong.add(item)
            met = _Met(frozenset(strong), frozenset(patterns), patterns)
            if len(self._met) > MEMO_SIZE:
                self._met.clear()
            self._met[held] = met
        return met


def _trie(words: list[str]) -> str:
    """A regular expression matching the longest of ``words`` that begins where it is tried:
    the words as a trie, one branch per letter."""
    root: dict[str, dict] = {}
    for word in words:
        node = root
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}                                   # a word ends here

    def branch(node: dict[str, dict]) -> str:
        longer = [re.escape(letter) + branch(child) for letter, child in sorted(node.items())
                  if letter]
        if not longer:
            return ""
        if len(longer) == 1 and "" not in node:
            return longer[0]
        return f"(?:{'|'.join(longer)}{'|' if '' in node else ''})"

    return branch(root)


def _found(held: frozenset[str], pattern: Pattern) -> str | None:
    """The words of ``pattern`` among the title's ``held`` words (one per group, joined by
    " + "), or None when a group has none."""
    found = []
    for number, group in enumerate(pattern.groups):
        if held.isdisjoint(group):
            return None
        at = next(i for i, w in enumerate(group) if w in held)
        found.append(pattern.shown[number][at] if pattern.shown else group[at])
    return " + ".join(found)


def _has(flat: str, word: str, friends: tuple[str, ...]) -> bool:
    """``word`` occurs in ``flat`` other than inside one of its false friends."""
    at = flat.find(word)
    while at >= 0:
        if not any(_covers(flat, friend, at, len(word)) for friend in friends):
            return True
        at = flat.find(word, at + 1)
    return False


def _covers(flat: str, friend: str, at: int, size: int) -> bool:
    """Does an occurrence of ``friend`` cover ``flat[at:at + size]``?"""
    start = flat.find(friend, max(0, at + size - len(friend)))
    while 0 <= start <= at:
        if start + len(friend) >= at + size:
            return True
        start = flat.find(friend, start + 1)
    return False


# ── loading ────────────────────────────────────────────────────────────────────────────────

def document_kinds_file(fiscal_year: int, folder: Path | None = None) -> Path:
    return criteria_folder(folder) / f"document-kinds-{int(fiscal_year)}.yaml"


def load_document_kinds(fiscal_year: int, folder: Path | None = None) -> DocumentKinds | None:
    """The year's document kinds, checked against its criteria; None when the year has no
    file (then no item has a kind rule). Memoised on the file's path and modification time:
    the engine asks once per agency, and one ``stat`` is all that costs."""
    path = document_kinds_file(fiscal_year, folder)
    try:
        status = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return None
    return _load(path, status.st_mtime_ns, int(fiscal_year), criteria_folder(folder))


@lru_cache(maxsize=8)
def _load(path: Path, _mtime: int, fiscal_year: int, folder: Path) -> DocumentKinds:
    path, folder = path.resolve(), folder.resolve()
    criteria = load_criteria(fiscal_year, folder)
    shown = relative(path)
    data = path.read_bytes()
    raw = load_yaml(decode_utf8(data, shown, CriteriaError), shown, error=CriteriaError)
    return _Validator(shown, criteria).build(raw, path, hashlib.sha256(data).hexdigest())


class _Validator:
    def __init__(self, shown: str, criteria: Criteria) -> None:
        self.shown, self.criteria = shown, criteria

    def fail(self, where: str, problem: str, fix: str) -> CriteriaError:
        return CriteriaError(self.shown, problem, where=where, fix=fix)

    def build(self, raw: Any, path: Path, sha256: str) -> DocumentKinds:
        if not isinstance(raw, dict) or set(raw) - _TOP_KEYS or not {"schema", "fiscal_year",
                                                                     "items"} <= set(raw):
            raise self.fail("<top level>", f"expected the keys {', '.join(sorted(_TOP_KEYS))}",
                            "see the header of document-kinds-2566.yaml")
        if raw["schema"] != SCHEMA:
            raise self.fail("schema", f"schema {raw['schema']!r} is not {SCHEMA}",
                            f"write schema: {SCHEMA}")
        if raw["fiscal_year"] != self.criteria.fiscal_year:
            raise self.fail("fiscal_year", f"declares {raw['fiscal_year']!r} but the file name "
                            f"says {self.criteria.fiscal_year}", "make them agree")
        friends = self.false_friends(raw.get("false_friends") or {})
        items = raw["items"]
        if not isinstance(items, dict) or not items:
            raise self.fail("items", "items must map item ids to their kinds",
                            "write 'O14: {kind: …, match: [...]}'")
        known = set(self.criteria.item_ids())
        built = {}
        for item, entry in items.items():
            where = f"items.{item}"
            if not isinstance(item, str) or not _ITEM_ID.match(item) or item not in known:
                raise self.fail(where, f"{item!r} is not an item of the "
                                f"{self.criteria.fiscal_year} criteria",
                                f"use an id from O1 to O{len(known)}")
            built[item] = self.item(item, entry, where, known)
        return DocumentKinds(self.criteria.fiscal_year, path, sha256,
                             MappingProxyType(built), MappingProxyType(friends))

    def false_friends(self, raw: Any) -> dict[str, tuple[str, ...]]:
        if not isinstance(raw, dict):
            raise self.fail("false_friends", "false_friends must map a word to longer words",
                            "write 'ข่าว: [ข่าวสาร]'")
        out = {}
        for word, longer in raw.items():
            if (not isinstance(word, str) or not isinstance(longer, list) or not longer
                    or not all(isinstance(w, str) and squash(word) in squash(w)
                               and squash(w) != squash(word) for w in longer)):
                raise self.fail(f"false_friends.{word}", "each false friend must be a longer "
                                "word containing the word", "write 'ข่าว: [ข่าวสาร]'")
            out[squash(word)] = tuple(squash(w) for w in longer)
        return out

    def item(self, item: str, entry: Any, where: str, known: set[str]) -> ItemKind:
        if not isinstance(entry, dict) or set(entry) - _ITEM_KEYS or not {"kind", "match"} <= set(
                entry):
            raise self.fail(where, f"expected kind and match (and optionally "
                            f"{', '.join(sorted(_ITEM_KEYS - {'kind', 'match'}))})",
                            "see the file's header")
        if not isinstance(entry["kind"], str) or not entry["kind"].strip():
            raise self.fail(f"{where}.kind", "kind must name the document in Thai",
                            "write e.g. 'kind: คู่มือการปฏิบัติงานของเจ้าหน้าที่'")
        match = self.patterns(entry["match"], f"{where}.match", required=True)
        also = self.patterns(entry.get("also") or [], f"{where}.also", required=False)
        months = entry.get("months", False)
        if not isinstance(months, bool):
            raise self.fail(f"{where}.months", "months must be true or false", "write months: true")
        basis_from = entry.get("basis_from") or []
        if not isinstance(basis_from, list) or not all(
                isinstance(b, str) and b in known and b != item for b in basis_from):
            raise self.fail(f"{where}.basis_from", "basis_from must list other items of the "
                            "year", "write e.g. 'basis_from: [O36]'")
        return ItemKind(item, entry["kind"].strip(), match, also, months, tuple(basis_from))

    def patterns(self, raw: Any, where: str, *, required: bool) -> tuple[Pattern, ...]:
        if not isinstance(raw, list) or (required and not raw):
            raise self.fail(where, "must be a list of patterns", "write ['คู่มือ|แนวทาง + งาน']")
        out = []
        for number, text in enumerate(raw):
            shown = tuple(tuple(" ".join(w.split()) for w in group.split("|"))
                          for group in text.split("+")) if isinstance(text, str) else ()
            groups = tuple(tuple(squash(w) for w in group) for group in shown)
            if not groups or any(not w for group in groups for w in group):
                raise self.fail(f"{where}[{number}]", f"pattern {text!r} has an empty word",
                                "write words joined by | and groups joined by +")
            out.append(Pattern(text.strip(), groups, shown))
        return tuple(out)


def clear_caches() -> None:
    """Forget the loaded files (and so every title's memoised kinds), e.g. to time a cold
    run."""
    _load.cache_clear()
