"""Other words for the criteria's required elements (``data/criteria/element-synonyms.yaml``),
and the wordings a document may use for an element: its own (without the group prefix,
split at "/") and the synonyms listed for it."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from ita_audit.criteria.files import CRITERIA_DIR
from ita_audit.errors import InputError
from ita_audit.util.sources import decode_utf8, load_yaml

SYNONYMS_FILE = CRITERIA_DIR / "element-synonyms.yaml"
SCHEMA = "ita-element-synonyms/1"


@lru_cache(maxsize=4)
def _load(path: Path) -> dict:
    raw = load_yaml(decode_utf8(path.read_bytes(), path), path)
    if not isinstance(raw, dict) or not {"schema", "terms"} <= set(raw) \
            or not set(raw) <= {"schema", "terms", "qualifiers"} or raw["schema"] != SCHEMA:
        raise InputError(path, f"expected the keys schema ({SCHEMA}), terms and qualifiers",
                         where="<top level>", fix="see the file's header")
    return raw


@lru_cache(maxsize=4)
def load_qualifiers(path: Path = SYNONYMS_FILE) -> tuple[str, ...]:
    """Words that, right before an element's wording, make it name something else: "รอง"
    (deputy) before "ผู้บริหารสูงสุด" is not the head of the agency."""
    words = _load(path).get("qualifiers", [])
    if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
        raise InputError(path, "qualifiers must be a list of words", where="qualifiers",
                         fix="write 'qualifiers: [word, word]'")
    return tuple(w.strip() for w in words)


@lru_cache(maxsize=4)
def load_synonyms(path: Path = SYNONYMS_FILE) -> dict[str, tuple[str, ...]]:
    """Element wording -> other words for it; a malformed file is an InputError naming the
    key."""
    terms = _load(path)["terms"]
    if not isinstance(terms, dict):
        raise InputError(path, "terms must map an element to a list of words", where="terms",
                         fix="write 'element: [word, word]'")
    out: dict[str, tuple[str, ...]] = {}
    for key, words in terms.items():
        if not isinstance(key, str) or not isinstance(words, list) or not words \
                or not all(isinstance(w, str) and w.strip() for w in words):
            raise InputError(path, f"{key!r} must map to a non-empty list of words",
                             where=f"terms.{key}", fix="write 'element: [word, word]'")
        out[key] = tuple(w.strip() for w in words)
    return out


@lru_cache(maxsize=4096)
def wordings(element: str) -> tuple[str, ...]:
    """The ways a document may word an element, its own first: without the group prefix,
    with each "A/B" read as A and as B (the words next to the slash, pythainlp tokens: "…แต่ละ
    โครงการ/กิจกรรม" is "…แต่ละโครงการ" or "…แต่ละกิจกรรม"), and the synonyms of each."""
    own = element.split(":", 1)[1].strip() if ":" in element else element.strip()
    parts = [own, *_slash_readings(own)]
    synonyms = load_synonyms()
    for part in list(parts):
        parts.extend(synonyms.get(part, ()))
    return tuple(dict.fromkeys(p for p in parts if p))


def _slash_readings(text: str) -> list[str]:
    """Every way of reading the slashes of ``text``: each "A/B" as A, then as B."""
    if "/" not in text:
        return []
    from pythainlp.tokenize import word_tokenize

    tokens = word_tokenize(text, engine="newmm", keep_whitespace=True)
    readings = [tokens]
    for at in reversed(range(len(tokens))):      # from the end: earlier indices stay put
        if tokens[at] == "/" and 0 < at < len(tokens) - 1:
            readings = [[t for i, t in enumerate(r) if i not in (at, at + drop)]
                        for r in readings for drop in (1, -1)]
    return ["".join(r).strip() for r in readings if "/" not in "".join(r)]
