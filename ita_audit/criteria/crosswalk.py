"""The crosswalk between two years' OIT items (``data/criteria/crosswalk-<from>-<to>.yaml``).

The crosswalk says, for every item of the older year, which items of the newer year succeed it
and how (``same``, ``moved``, ``split``, ``merged``, ``dropped``), and lists every item of the
newer year that has no predecessor (``new``). It is validated against both years' criteria
files on load: every item of both years is covered exactly once, every id exists and every name
matches. A problem raises :class:`~ita_audit.errors.CriteriaError` naming the file and key.

:func:`ita_audit.oit.compare.compare_years` lines up two OIT audits of one agency (one per
year) item by item.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ita_audit.criteria.files import criteria_folder, load_criteria
from ita_audit.criteria.model import Criteria
from ita_audit.errors import CriteriaError
from ita_audit.thai import to_arabic_digits
from ita_audit.util.paths import relative
from ita_audit.util.sources import decode_utf8, load_yaml

if TYPE_CHECKING:                                   # pandas and oit load only when used

    pass

SCHEMA = "ita-crosswalk/1"
RELATIONS = ("same", "moved", "split", "merged", "dropped")
#: Thai labels of the relations, and of ``new`` (an item with no predecessor).
RELATION_TH = {"same": "คงเดิม", "moved": "ย้ายข้อ", "split": "แยกข้อ", "merged": "รวมข้อ",
               "dropped": "ตัดออก", "new": "ข้อใหม่"}

_TOP_KEYS = ("schema", "from_year", "to_year", "source", "items", "new")
_ITEM_KEYS = ("from", "name", "relation", "to")
_ITEM_OPTIONAL = ("see", "note")
_NEW_KEYS = ("item", "name")
_SHA256 = re.compile(r"^[0-9a-f]{64}\Z")
_STEP_NOTE = re.compile(r"^[0-9]{4}->[0-9]{4}: ")
_CROSSWALK_NAME = re.compile(r"^crosswalk-([0-9]{4})-([0-9]{4})\.yaml\Z")
_ITEM_TOKEN = re.compile(r"^\s*[Oo]?\s*0*([1-9][0-9]*)\s*\.?\s*\Z")


@dataclass(frozen=True)
class ItemMapping:
    """One older-year item and its successors in the newer year."""

    from_item: str
    name: str
    relation: str                 # one of RELATIONS
    to_items: tuple[str, ...]     # successors (empty when dropped)
    see: tuple[str, ...] = ()     # newer items that took over part of a dropped item's content
    note: str | None = None


@dataclass(frozen=True)
class NewItem:
    """A newer-year item with no predecessor."""

    item: str
    name: str
    note: str | None = None


@dataclass(frozen=True)
class Crosswalk:
    """A validated crosswalk from ``from_year`` to ``to_year``."""

    from_year: int
    to_year: int
    path: Path
    sha256: str
    old: Criteria
    new: Criteria
    mappings: tuple[ItemMapping, ...]
    new_items: tuple[NewItem, ...]
    _by_old: Mapping[str, ItemMapping] = field(init=False, repr=False, compare=False)
    _by_new: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_old",
                           MappingProxyType({m.from_item: m for m in self.mappings}))
        by_new: dict[str, list[str]] = {}
        for mapping in self.mappings:
            for target in mapping.to_items:
                by_new.setdefault(target, []).append(mapping.from_item)
        object.__setattr__(self, "_by_new",
                           MappingProxyType({k: tuple(v) for k, v in by_new.items()}))

    def mapping(self, old_item: str) -> ItemMapping:
        """The mapping of an older-year item; ``KeyError`` if that year has no such item."""
        try:
            return self._by_old[old_item]
        except KeyError:
            raise KeyError(f"no item {old_item!r} in the {self.from_year} criteria "
                           f"(items: O1..O{len(self.mappings)})") from None

    def successors(self, old_item: str) -> tuple[str, ...]:
        """Newer-year items that succeed ``old_item`` (empty if it was dropped)."""
        return self.mapping(old_item).to_items

    def predecessors(self, new_item: str) -> tuple[str, ...]:
        """Older-year items that ``new_item`` succeeds (empty if it is new)."""
        self.new.item(new_item)                      # KeyError for an unknown id
        return self._by_new.get(new_item, ())

    def is_new(self, new_item: str) -> bool:
        """True if ``new_item`` has no predecessor."""
        return not self.predecessors(new_item)

    def map_items(self, items: Iterable[str | int]) -> list[ItemMapping]:
        """The mappings of older-year items cited as ``"O23"``, ``"o23"``, ``"23"``, ``"๒๓"``
        or ``23``, in the order given (duplicates kept); ``KeyError`` for an unknown item."""
        return [self.mapping(normalize_item(token)) for token in items]


def normalize_item(token: str | int) -> str:
    """``"O23"``, ``"o 23"``, ``"23."``, ``"๒๓"`` or ``23`` -> ``"O23"``; ``KeyError`` otherwise."""
    if isinstance(token, bool):
        raise KeyError(f"not an item number: {token!r}")
    if isinstance(token, int):
        if token < 1:
            raise KeyError(f"not an item number: {token!r}")
        return f"O{token}"
    match = _ITEM_TOKEN.match(to_arabic_digits(str(token)))
    if not match:
        raise KeyError(f"not an item number: {token!r}")
    return f"O{match.group(1)}"


# ── loading and validation ───────────────────────────────────────────────────────────────────

def crosswalk_path(from_year: int = 2565, to_year: int = 2566,
                   criteria_dir: Path | None = None) -> Path:
    """Where the crosswalk file lives: next to the criteria files."""
    return criteria_folder(criteria_dir) / f"crosswalk-{from_year}-{to_year}.yaml"


def load_crosswalk(from_year: int = 2565, to_year: int = 2566,
                   criteria_dir: Path | None = None) -> Crosswalk:
    """Load the crosswalk and validate it against both years' criteria files."""
    for name, year in (("from_year", from_year), ("to_year", to_year)):
        if isinstance(year, bool) or not isinstance(year, int):
            raise CriteriaError(None, f"{name} must be an int such as 2565, got {year!r}")
    path = crosswalk_path(from_year, to_year, criteria_dir)
    shown = relative(path)
    if not path.is_file():
        raise CriteriaError(None, f"no crosswalk from {from_year} to {to_year}; "
                                  f"add {shown}")
    old = load_criteria(from_year, criteria_dir)
    new = load_criteria(to_year, criteria_dir)
    data = path.read_bytes()
    document = load_yaml(decode_utf8(data, shown, CriteriaError), shown, error=CriteriaError)
    return _Validator(shown, old, new).crosswalk(document, from_year, to_year, path.resolve(),
                                                 hashlib.sha256(data).hexdigest())


class _Validator:
    """Checks a parsed crosswalk document; every failure is a :class:`CriteriaError`."""

    def __init__(self, shown: str, old: Criteria, new: Criteria) -> None:
        self.shown, self.old, self.new = shown, old, new

    def fail(self, where: str, problem: str, fix: str) -> CriteriaError:
        return CriteriaError(self.shown, problem, where=where, fix=fix)

    def mapping(self, node: Any, where: str, required: Sequence[str],
                optional: Sequence[str] = ()) -> dict[str, Any]:
        if not isinstance(node, dict):
            raise self.fail(where or "<top level>", f"expected a mapping, got {type(node).__name__}",
                            f"write it as 'key: value' lines with keys {', '.join(required)}")
        prefix = f"{where}." if where else ""
        for key in node:
            if key not in required and key not in optional:
                raise self.fail(f"{prefix}{key}", f"unknown key {key!r}",
                                f"remove it or use one of: {', '.join([*required, *optional])}")
        for key in required:
            if key not in node:
                raise self.fail(f"{prefix}{key}", "missing required key", f"add '{key}:'")
        return node

    def sequence(self, node: Any, where: str) -> list[Any]:
        if not isinstance(node, list):
            raise self.fail(where, f"expected a list, got {type(node).__name__}",
                            "write it as '- entry' lines or [a, b]")
        return node

    def text(self, node: Any, where: str) -> str:
        if not isinstance(node, str) or not node.strip():
            raise self.fail(where, f"expected non-empty text, got {node!r}", "write the text")
        return node

    def item_id(self, node: Any, where: str, criteria: Criteria) -> str:
        """An id that exists in ``criteria``."""
        item = self.text(node, where)
        if item not in criteria.item_ids():
            raise self.fail(where, f"unknown item {item!r} in the {criteria.fiscal_year} criteria",
                            f"use an id from O1 to O{len(criteria.items)}")
        return item

    def name(self, node: Any, where: str, item: str, criteria: Criteria) -> str:
        """The item's name, which must equal the criteria file's."""
        name = self.text(node, where)
        expected = criteria.item(item).name
        if name != expected:
            raise self.fail(where, f"name {name!r} of {item} differs from the "
                            f"{criteria.fiscal_year} criteria ({expected!r})",
                            f"write the name as in ita-{criteria.fiscal_year}.yaml")
        return name

    def crosswalk(self, document: Any, from_year: int, to_year: int, path: Path,
                  sha256: str) -> Crosswalk:
        top = self.mapping(document, "", _TOP_KEYS)
        if top["schema"] != SCHEMA:
            raise self.fail("schema", f"unsupported schema {top['schema']!r}", f"use '{SCHEMA}'")
        for key, year in (("from_year", from_year), ("to_year", to_year)):
            if top[key] != year:
                raise self.fail(key, f"declares {top[key]!r} but the file name says {year}",
                                "make it match the file name")
        source = self.mapping(top["source"], "source", ("file", "sha256"))
        self.text(source["file"], "source.file")
        if not isinstance(source["sha256"], str) or not _SHA256.match(source["sha256"]):
            raise self.fail("source.sha256", "not a SHA-256 hex digest",
                            "write the 64 lower-case hex digits of `sha256sum <source file>`")
        mappings = self.items(top["items"])
        new_items = self.new_items(top["new"], mappings)
        return Crosswalk(from_year=from_year, to_year=to_year, path=path, sha256=sha256,
                         old=self.old, new=self.new, mappings=mappings, new_items=new_items)

    def items(self, node: Any) -> tuple[ItemMapping, ...]:
        """Every older-year item exactly once, in order, with a consistent relation."""
        entries = self.sequence(node, "items")
        result: list[ItemMapping] = []
        seen: dict[str, int] = {}
        for i, entry in enumerate(entries):
            where = f"items[{i}]"
            raw = self.mapping(entry, where, _ITEM_KEYS, _ITEM_OPTIONAL)
            old = self.item_id(raw["from"], f"{where}.from", self.old)
            if old in seen:
                raise self.fail(f"{where}.from", f"{old} is mapped twice (also items[{seen[old]}])",
                                "map each item once; list several successors in 'to'")
            seen[old] = i
            name = self.name(raw["name"], f"{where}.name", old, self.old)
            relation = raw["relation"]
            if relation not in RELATIONS:
                raise self.fail(f"{where}.relation", f"unknown relation {relation!r} of {old}",
                                f"use one of: {', '.join(RELATIONS)}")
            targets = self.targets(raw["to"], f"{where}.to")
            see = self.targets(raw.get("see", []), f"{where}.see")
            self.relation_fits(old, relation, targets, see, where)
            note = self.text(raw["note"], f"{where}.note") if "note" in raw else None
            result.append(ItemMapping(old, name, relation, targets, see, note))
        missing = [item for item in self.old.item_ids() if item not in seen]
        if missing:
            raise self.fail("items", f"{self.old.fiscal_year} item(s) not mapped: "
                            f"{', '.join(missing)}", "add an entry for every item (relation "
                            "dropped, to: [] if it has no successor)")
        order = [m.from_item for m in result]
        if order != list(self.old.item_ids()):
            first = next(i for i, (a, b) in enumerate(zip(order, self.old.item_ids())) if a != b)
            raise self.fail(f"items[{first}].from", f"expected {self.old.item_ids()[first]}, "
                            f"found {order[first]}", "list the items in order O1..On")
        self.merges_have_partners(result)
        return tuple(result)

    def targets(self, node: Any, where: str) -> tuple[str, ...]:
        ids = [self.item_id(entry, f"{where}[{j}]", self.new)
               for j, entry in enumerate(self.sequence(node, where))]
        for j, item in enumerate(ids):
            if item in ids[:j]:
                raise self.fail(f"{where}[{j}]", f"{item} is listed twice", "list it once")
        return tuple(ids)

    def relation_fits(self, old: str, relation: str, targets: Sequence[str],
                      see: Sequence[str], where: str) -> None:
        """The number (and for ``same`` the id) of successors fits the relation."""
        expected = {"same": "exactly one successor with the same id",
                    "moved": "exactly one successor with another id",
                    "split": "two or more successors", "merged": "exactly one successor",
                    "dropped": "no successor (to: [])"}[relation]
        fits = {"same": list(targets) == [old],
                "moved": len(targets) == 1 and targets[0] != old,
                "split": len(targets) >= 2,
                "merged": len(targets) == 1,
                "dropped": not targets}[relation]
        if not fits:
            raise self.fail(f"{where}.to", f"{old} is '{relation}' but to is "
                            f"[{', '.join(targets)}]", f"a '{relation}' item has {expected}")
        if see and relation != "dropped":
            raise self.fail(f"{where}.see", f"'see' is only for dropped items ({old} is "
                            f"'{relation}')", "list successors in 'to' instead")

    def merges_have_partners(self, mappings: Sequence[ItemMapping]) -> None:
        """A merged target also receives another merged item or a dropped item's ``see``."""
        for i, mapping in enumerate(mappings):
            if mapping.relation != "merged":
                continue
            target = mapping.to_items[0]
            partners = [m.from_item for m in mappings if m is not mapping and (
                (m.relation == "merged" and target in m.to_items)
                or (m.relation == "dropped" and target in m.see))]
            if not partners:
                raise self.fail(f"items[{i}].relation", f"{mapping.from_item} is 'merged' into "
                                f"{target} but no other item merges into {target}",
                                f"use 'moved', or name {target} in the other item's to/see")

    def new_items(self, node: Any, mappings: Sequence[ItemMapping]) -> tuple[NewItem, ...]:
        """Exactly the newer-year items that no older item maps to, each once."""
        successors = {t: m.from_item for m in mappings for t in m.to_items}
        result: list[NewItem] = []
        listed: set[str] = set()
        for i, entry in enumerate(self.sequence(node, "new")):
            where = f"new[{i}]"
            raw = self.mapping(entry, where, _NEW_KEYS, ("note",))
            item = self.item_id(raw["item"], f"{where}.item", self.new)
            if item in listed:
                raise self.fail(f"{where}.item", f"{item} is listed twice", "list it once")
            if item in successors:
                raise self.fail(f"{where}.item", f"{item} is listed as new but succeeds "
                                f"{successors[item]}", f"remove it from 'new' or from "
                                f"{successors[item]}'s 'to'")
            listed.add(item)
            name = self.name(raw["name"], f"{where}.name", item, self.new)
            note = self.text(raw["note"], f"{where}.note") if "note" in raw else None
            result.append(NewItem(item, name, note))
        missing = [item for item in self.new.item_ids()
                   if item not in successors and item not in listed]
        if missing:
            raise self.fail("new", f"{self.new.fiscal_year} item(s) neither succeed a "
                            f"{self.old.fiscal_year} item nor are listed as new: "
                            f"{', '.join(missing)}", "add them to 'new' or to an item's 'to'")
        return tuple(sorted(result, key=lambda n: int(n.item[1:])))


# ── crosswalks across several years ─────────────────────────────────────────────────────────

def crosswalk_years(criteria_dir: Path | None = None) -> list[tuple[int, int]]:
    """(from, to) of every crosswalk file in the criteria folder, in order."""
    folder = criteria_folder(criteria_dir)
    found = (_CROSSWALK_NAME.match(p.name) for p in folder.iterdir()) if folder.is_dir() else ()
    return sorted((int(m.group(1)), int(m.group(2))) for m in found if m)


def crosswalk_between(from_year: int, to_year: int,
                      criteria_dir: Path | None = None) -> Crosswalk:
    """The crosswalk from one year to a later one: the file when there is one, else the files
    chained year to year (2565 -> 2566 -> 2568 -> 2569) and composed (:func:`compose`)."""
    if crosswalk_path(from_year, to_year, criteria_dir).is_file():
        return load_crosswalk(from_year, to_year, criteria_dir)
    steps = dict(crosswalk_years(criteria_dir))
    chain, year = [], from_year
    while year in steps and year < to_year:
        chain.append((year, steps[year]))
        year = steps[year]
    if year != to_year or not chain:
        known = ", ".join(f"{a}->{b}" for a, b in crosswalk_years(criteria_dir)) or "none"
        raise CriteriaError(None, f"no crosswalk from {from_year} to {to_year}, directly or "
                            f"through other years (crosswalks: {known})",
                            fix=f"add {relative(crosswalk_path(from_year, to_year, criteria_dir))}"
                            " (schema: data/criteria/crosswalk-2565-2566.yaml)")
    walks = [load_crosswalk(a, b, criteria_dir) for a, b in chain]
    result = walks[0]
    for walk in walks[1:]:
        result = compose(result, walk)
    return result


def compose(first: Crosswalk, second: Crosswalk) -> Crosswalk:
    """``first`` (X -> Y) followed by ``second`` (Y -> Z) as one crosswalk X -> Z.

    An X item's successors are the Z successors of its Y successors; its relation is
    ``dropped`` with none, ``split`` with several, ``merged`` when a step merged it, ``same``
    when every step kept its id, else ``moved``. Notes are joined step by step. A Z item no X
    item reaches is new.
    """
    if first.to_year != second.from_year:
        raise CriteriaError(None, f"cannot chain {first.from_year}->{first.to_year} with "
                            f"{second.from_year}->{second.to_year}")
    mappings = []
    for m in first.mappings:
        steps = [second.mapping(t) for t in m.to_items]
        targets = tuple(dict.fromkeys(t for step in steps for t in step.to_items))
        relations = {m.relation, *(step.relation for step in steps)}
        if not targets:
            relation = "dropped"
        elif len(targets) > 1:
            relation = "split"
        elif "merged" in relations:
            relation = "merged"
        elif relations == {"same"}:
            relation = "same"
        else:
            relation = "moved"
        notes = [m.note if _STEP_NOTE.match(m.note) else
                 f"{first.from_year}->{first.to_year}: {m.note}"] if m.note else []
        notes += [f"{second.from_year}->{second.to_year}: {step.note}" for step in steps
                  if step.note]
        see = tuple(dict.fromkeys(t for s in m.see for t in second.successors(s)))
        mappings.append(ItemMapping(m.from_item, m.name, relation, targets,
                                    see if relation == "dropped" else (),
                                    "; ".join(notes) or None))
    reached = {t for m in mappings for t in m.to_items}
    notes = {n.item: n.note for n in second.new_items}
    new_items = tuple(
        NewItem(item.id, item.name, notes.get(item.id) or f"ไม่มีข้อที่สืบมาจากปี {first.from_year}")
        for item in second.new.items if item.id not in reached)
    digest = hashlib.sha256((first.sha256 + second.sha256).encode()).hexdigest()
    return Crosswalk(from_year=first.from_year, to_year=second.to_year, path=second.path,
                     sha256=digest, old=first.old, new=second.new, mappings=tuple(mappings),
                     new_items=new_items)


# ── module-level shortcuts on the default 2565 -> 2566 crosswalk ─────────────────────────────

def successors(item_2565: str, crosswalk: Crosswalk | None = None) -> tuple[str, ...]:
    """2566 items that succeed a 2565 item, e.g. ``successors("O23") == ("O21",)``."""
    return (crosswalk or load_crosswalk()).successors(item_2565)


def predecessors(item_2566: str, crosswalk: Crosswalk | None = None) -> tuple[str, ...]:
    """2565 items that a 2566 item succeeds, e.g. ``predecessors("O21") == ("O23",)``."""
    return (crosswalk or load_crosswalk()).predecessors(item_2566)


def map_items(items: Iterable[str | int],
              crosswalk: Crosswalk | None = None) -> list[ItemMapping]:
    """Mappings of 2565 items as cited by an integrity plan (``"O23"``, ``"๒๓"``, ``23`` …),
    in the order given; each has ``relation`` and ``to_items`` (the 2566 ids)."""
    return (crosswalk or load_crosswalk()).map_items(items)
