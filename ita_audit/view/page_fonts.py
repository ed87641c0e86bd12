"""Fonts embedded in every HTML page the product writes (records, reviewer versions, the
index), so Thai renders identically on any machine, with no tofu boxes.

Loma (TLWG, bundled in ``fonts/``) covers Thai and Latin, so a line never mixes fonts. The few
characters Loma lacks that a page actually contains (``−``, ``≤``, ``≥`` in the HR record) get
an embedded subset of DejaVu Sans, the font matplotlib ships, placed after Loma in the font
stacks. Subsets are byte-stable, so pages stay deterministic.
"""
from __future__ import annotations

import base64
import io
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache
from html.parser import HTMLParser
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
SYMBOL_FONT_FAMILY = "ITA Symbols"
# --- HTML --------------------------------------------------------------------------------

THAI_FONT_FAMILY = "Loma"
_FONT_FACES = (("1 599", "Loma.ttf"), ("600 1000", "Loma-Bold.ttf"))


FONT_FILES = tuple(name for _, name in _FONT_FACES)


def font_face_css(urls: Mapping[str, str] | None = None) -> str:
    """@font-face rules for the bundled Thai font, so the HTML renders Thai anywhere.

    The font is embedded (``data:`` URLs) unless ``urls`` maps each of :data:`FONT_FILES` to
    the URL to load it from instead (the shared assets of a batch's audits folder).
    Loma (TLWG) covers Latin as well as Thai, so a line never mixes fonts; with a Thai-only
    font, Chromium drew some Thai words as tofu boxes. Weight ranges make every weight (e.g. the
    500 of Jupyter's headings) match one face.
    """
    rules = []
    for weight, name in _FONT_FACES:
        if urls is None:
            data = base64.b64encode((FONT_DIR / name).read_bytes()).decode("ascii")
            source = f"data:font/ttf;base64,{data}"
        else:
            source = urls[name]
        rules.append("@font-face{font-family:'%s';font-display:block;font-weight:%s;"
                     "src:url(%s) format('truetype');}" % (THAI_FONT_FAMILY, weight, source))
    thai = f"'{THAI_FONT_FAMILY}'"
    rules.append(":root{--jp-content-font-family:%s,sans-serif;--jp-ui-font-family:%s,sans-serif;"
                 "--jp-code-font-family:menlo,consolas,'DejaVu Sans Mono',monospace,%s;}"
                 % (thai, thai, thai))
    rules.append("body,h1,h2,h3,h4,p,li,td,th,table{font-family:var(--jp-content-font-family);}")
    return "\n".join(rules)


def embed_fonts(page: str) -> str:
    """Insert the embedded fonts at the end of <head>: Loma, and a DejaVu Sans subset for the
    characters of this page that Loma lacks (``−``, ``≤``, ``≥``), after Loma in the stacks."""
    style = f"<style>\n{font_face_css()}\n{fallback_css(page_characters(page))}</style>\n"
    return page.replace("</head>", style + "</head>", 1) if "</head>" in page else style + page


# --- glyph fallback ------------------------------------------------------------------------

class _TextParser(HTMLParser):
    """Collects the characters of the <body> outside scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chars: set[str] = set()
        self._in_body = False
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._in_body = True
        elif tag in ("script", "style"):
            self._hidden += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if self._in_body and not self._hidden:
            self.chars.update(data)


def page_characters(page: str) -> set[str]:
    parser = _TextParser()
    parser.feed(page)
    parser.close()
    return {ch for ch in parser.chars if not ch.isspace()}


@cache
def font_charmap(path: Path) -> frozenset[int]:
    """Code points a TrueType font maps to glyphs."""
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(str(path)).get_charmap())


def symbol_font_paths() -> tuple[tuple[str, Path], ...]:
    """(CSS weight range, path) of the fallback faces: matplotlib's DejaVu Sans."""
    import matplotlib

    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return (("1 599", ttf / "DejaVuSans.ttf"), ("600 1000", ttf / "DejaVuSans-Bold.ttf"))


def missing_from_loma(chars: Iterable[str]) -> list[str]:
    """The characters the bundled Loma cannot draw, sorted."""
    loma = font_charmap(FONT_DIR / "Loma.ttf")
    return sorted({ch for ch in chars if ord(ch) not in loma})


def fallback_css(chars: Iterable[str]) -> str:
    """@font-face rules embedding a DejaVu Sans subset for the characters Loma lacks, and the
    font stacks with it after Loma; empty when Loma covers everything."""
    faces = symbol_font_paths()
    wanted = [ch for ch in missing_from_loma(chars) if ord(ch) in font_charmap(faces[0][1])]
    if not wanted:
        return ""
    codepoints = [ord(ch) for ch in wanted]
    unicode_range = ",".join(f"U+{cp:04X}" for cp in codepoints)
    rules = []
    for weight, path in faces:
        data = base64.b64encode(_subset(path, tuple(codepoints))).decode("ascii")
        rules.append("@font-face{font-family:'%s';font-display:block;font-weight:%s;"
                     "unicode-range:%s;src:url(data:font/ttf;base64,%s) format('truetype');}"
                     % (SYMBOL_FONT_FAMILY, weight, unicode_range, data))
    stack = f"'{THAI_FONT_FAMILY}','{SYMBOL_FONT_FAMILY}'"
    rules.append(":root{--jp-content-font-family:%s,sans-serif;--jp-ui-font-family:%s,sans-serif;"
                 "--jp-code-font-family:menlo,consolas,'DejaVu Sans Mono',monospace,%s;}"
                 % (stack, stack, stack))
    return "\n".join(rules) + "\n"


@lru_cache(maxsize=32)
def _subset(path: Path, codepoints: tuple[int, ...]) -> bytes:
    """A TrueType subset of ``path`` with only ``codepoints``, byte-stable (the source font's
    timestamps are kept; fontTools would otherwise stamp the current time)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.recalc_timestamp = False
    options.notdef_outline = True
    options.drop_tables += ["FFTM"]          # FontForge's build timestamps; nothing to render
    font = TTFont(str(path), recalcTimestamp=False)
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
