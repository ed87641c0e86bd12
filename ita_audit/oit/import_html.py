"""Import a saved OIT web page (HTML) into the disclosure model of :mod:`ita_audit.oit.disclosure`.

Agencies publish their OIT index as a web page: a ``<table>`` with one row per item, or sections
(a heading, ``<li>``, ``<p>``, ``<div>`` or ``<dt>`` carrying the item id, followed by a list or
cells of links). The page is read with the standard library's :class:`html.parser.HTMLParser`
into a small element tree, which is then walked line by line (a "line" is the inline content
between two block boundaries or ``<br>``):

* a line that starts with an item id (``O1``, ``o1``, ``O 1``, ``OIT 1``, ``O๑``, ``O01``) starts
  the item; so does a bare ``01``/``1.`` when it fills the first cell of a row, or labels a
  section (a heading, or a link-free ``<li>``/``<p>``/``<div>`` followed by a list); a bare number
  inside another item's row or section, or inside a title, is not an id;
* every ``<a href>`` that follows, up to the next item, becomes a :class:`Document` (the anchor
  text is the title; a relative href is resolved against the page's address; only http(s) URLs
  are kept); a link in a list nested under an entry that already has a link is an attachment
  (level 2);
* a line such as ``ปี 2565`` or ``(1) …`` is the context of the links after it;
* an item ends at the next item, at a heading without an id (of the same or a higher rank), or,
  for a table row, ``<li>`` or ``<dt>`` item, when its table or list closes.

WordPress pages (2568 and later) are sections of paragraphs inside ``<div class="entry-content">``:
``<h4>`` group headings (``<h4>ข้อมูลพื้นฐาน</h4>``) hold items whose id line is a bold paragraph
(``<p><strong>O1 โครงสร้างและอำนาจหน้าที่</strong></p>``, ``<b>`` or a bold ``<span>``), followed
by paragraphs of links (one per ``<p>``, or several separated by ``<br>``) up to the next item:

* a group heading ends the item before it, and the bold items after it start as usual; a
  numbered group heading (``<h4>1. ข้อมูลพื้นฐาน</h4>``) followed, before any link, by an item
  with an explicit id in a paragraph or a lower heading is a group, not item 1;
* when the id line is itself a link (``<p><strong><a href="o1.pdf">O1 …</a></strong></p>`` or
  ``<p><a href="o1.pdf"><strong>O1 …</strong></a></p>``), that link is a document of the item,
  titled with the heading text after the id;
* a download button that repeats the address of the link before it (the
  ``<a class="wp-block-file__button">ดาวน์โหลด</a>`` of a ``<div class="wp-block-file">``, or any
  link reading only ``ดาวน์โหลด``/``Download``) is not another document; images, figures and
  ``&nbsp;`` paragraphs carry nothing;
* a bold paragraph without an id (``หมายเหตุ``) or an id inside a title (``… ตามข้อ O12``) does
  not start an item.

Script, style, ``<head>``, ``<nav>`` and ``<footer>`` content is ignored. The page must be UTF-8
and complete; anything else is an :class:`InputError` naming the file, the line and the fix.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from ita_audit.errors import InputError, WrongDocumentError
from ita_audit.oit.disclosure import CONTEXT_LINE, DOCUMENT, DisclosureIndex, Document, clean_text
from ita_audit.thai import to_arabic_digits
from ita_audit.util.sources import cut_off, read_source, wide_encoding
from ita_audit.util.urls import safe_url

_HTML_START = re.compile(
    r"\A(?:\s|<!--(?:(?!-->).)*-->|<\?[^>]*>)*+<(?:!doctype\s+html\b|(?:html|head|body|meta|title|base|link|"
    r"style|script|table|thead|tbody|tr|ul|ol|dl|div|section|article|main|h[1-6]|p)(?=[\s/>]))",
    re.IGNORECASE | re.DOTALL)
_SNIFF_BYTES = 65536

_O_ID = re.compile(r"(?:OIT|O)\s*[-_.]?\s*0*([1-9][0-9]?)(?![0-9])(?![.,][0-9])(?![A-Za-z])"
                   r"\s*[.):\-–]?\s*", re.IGNORECASE)
_BARE_ID = re.compile(r"(0*)([1-9][0-9]?)(?![0-9])(?![.,][0-9])(?=\s|[.)]|\Z)\s*([.)])?\s*")

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SKIP = frozenset("script style template noscript head nav footer title".split())
_HEADINGS = frozenset(f"h{n}" for n in range(1, 7))
_LISTS = frozenset(("ul", "ol", "dl", "table", "menu"))
_BLOCKS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset "
    "figcaption figure form header hgroup hr html li main menu ol p pre section summary table "
    "tbody td tfoot th thead tr ul".split()) | _HEADINGS
_CLOSES_P = (_BLOCKS - {"body", "html", "td", "th", "tr", "tbody", "thead", "tfoot", "caption",
                        "li", "dd", "dt"}) | {"p"}
_P_SCOPE = frozenset(("table", "td", "th", "caption", "html", "body", "button"))
_IMPLIED = {"li": ({"li"}, {"ul", "ol", "menu"}), "dt": ({"dt", "dd"}, {"dl"}),
            "dd": ({"dt", "dd"}, {"dl"}), "tr": ({"tr"}, {"table"}),
            "td": ({"td", "th"}, {"tr", "table"}), "th": ({"td", "th"}, {"tr", "table"}),
            "tbody": ({"tr", "thead", "tbody", "tfoot"}, {"table"}),
            "thead": ({"tr", "thead", "tbody", "tfoot"}, {"table"}),
            "tfoot": ({"tr", "thead", "tbody", "tfoot"}, {"table"}),
            "a": ({"a"}, set())}
_MUST_CLOSE = ("html", "body", "table")
_MAX_DEPTH = 200                       # deeper elements are flattened (no recursion blow-up)
_URL_UNSAFE = re.compile(r"[\s\"'<>`]")
_BUTTON_CLASS = "wp-block-file__button"
_BUTTON_TEXT = re.compile(r"(?:คลิก\s*)?(?:ดาวน์โหลด|ดาวโหลด|download)(?:\s*(?:ไฟล์|เอกสาร|file))?",
                          re.IGNORECASE)


# --- detection and reading ---------------------------------------------------------------

def looks_like_html(text: str) -> bool:
    """True when the first non-blank content (after comments) is a doctype or an HTML tag such as
    ``<html``, ``<table``, ``<ul``, ``<div`` or ``<h3``."""
    return bool(_HTML_START.match(text.lstrip("\ufeff")))


def sniff_html_file(path: Path) -> bool:
    """Whether the file's first bytes look like an HTML page (False if it cannot be read)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    return looks_like_html(head.removeprefix(b"\xef\xbb\xbf").decode("latin-1"))


def check_base_url(base_url: str | None) -> str | None:
    """The base URL if it is an absolute http(s) URL; anything else is an InputError."""
    if base_url is None:
        return None
    if safe_url(base_url) is None:
        raise InputError(None, f"base URL {base_url[:80]!r} is not an absolute http(s) URL",
                         where="--base-url", fix="give the page's web address, e.g. "
                         "https://www.example.go.th/ita/")
    return base_url.strip()


def load_html(path: str | Path, base_url: str | None = None) -> DisclosureIndex:
    """Read a saved OIT page (UTF-8 only) and parse it; see :func:`parse_html`."""
    path = Path(path)
    try:
        data = path.read_bytes() if path.is_file() else b""
    except OSError:
        data = b""                     # read_source below names the problem
    try:
        if wide_encoding(data) is None:     # UTF-16 or -32 with its mark: read_source reads it
            data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        cut = cut_off(data, path, err)
        if cut is not None:
            raise cut from None
        line = data[: err.start].count(b"\n") + 1
        raise InputError(path, f"HTML page is not UTF-8 (invalid byte at offset {err.start}; "
                         "Thai pages are often saved as windows-874/TIS-620)", where=f"line {line}",
                         fix="re-save the page as UTF-8 (e.g. iconv -f CP874 -t UTF-8) and set "
                         "<meta charset=\"utf-8\">") from None
    source = read_source(path)         # missing, empty or binary files fail here as elsewhere
    return parse_html(source.text, path, base_url=base_url, sha256=source.sha256)


def parse_html(text: str, path: str | Path, *, base_url: str | None = None,
               sha256: str | None = None) -> DisclosureIndex:
    """Parse a decoded OIT page into a :class:`DisclosureIndex` (format ``html``).

    Raises InputError for a page that declares a charset other than UTF-8, is truncated (ends
    inside a tag, comment or script, or leaves ``<html>``, ``<body>`` or ``<table>`` open) or
    names no OIT item at all.
    """
    path = Path(path)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    tree = _build_tree(text, path)
    base = check_base_url(base_url)
    if tree.base_href:
        try:
            joined = urljoin(base or "", tree.base_href.strip())
        except ValueError:
            joined = ""
        base = safe_url(joined) or base
    index = DisclosureIndex(path=path, format="html", encoding="utf-8",
                            sha256=sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(),
                            documents=[])
    _Walker(index, base).run(tree.root)
    if not index.heading_lines:
        raise WrongDocumentError(path, DOCUMENT, "no OIT item ids (O1, O2, …) in the first "
                                 "cell of table rows, in headings or in list labels of the HTML "
                                 "page", fix="save the page that lists the OIT items, or export "
                                 "the index as TSV with columns item, title, url")
    index.documents.sort(key=lambda d: (int(d.item[1:]), d.line))
    return index


# --- the element tree --------------------------------------------------------------------

@dataclass(eq=False)
class _Text:
    text: str
    line: int


@dataclass(eq=False)
class _Element:
    tag: str
    attrs: dict[str, str]
    line: int
    parent: _Element | None
    children: list[_Element | _Text]
    index: int = 0                      # position among the parent's children


class _TreeBuilder(HTMLParser):
    """Builds a forgiving element tree: implied ends for ``li``, ``td``, ``tr``, ``p``…, stray
    end tags ignored; records what the encoding and truncation checks need."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Element("#root", {}, 1, None, [])
        self.stack = [self.root]
        self.unclosed: list[tuple[str, int]] = []      # html/body/table start tags still open
        self.charset: tuple[str, int] | None = None
        self.base_href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        values: dict[str, str] = {}
        for name, value in attrs:
            values.setdefault(name, value or "")
        if tag in _MUST_CLOSE:
            self.unclosed.append((tag, line))
        if tag == "meta":
            self._note_charset(values, line)
        elif tag == "base" and self.base_href is None and "href" in values:
            self.base_href = values["href"]
        self._close_implied(tag)
        node = _Element(tag, values, line, self.stack[-1], [], len(self.stack[-1].children))
        self.stack[-1].children.append(node)
        if tag not in _VOID and len(self.stack) < _MAX_DEPTH:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag in _MUST_CLOSE:
            for i in range(len(self.unclosed) - 1, -1, -1):
                if self.unclosed[i][0] == tag:
                    del self.unclosed[i]
                    break
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        line = self.getpos()[0]
        stripped = data.lstrip()
        line += data[: len(data) - len(stripped)].count("\n")
        self.stack[-1].children.append(_Text(data, line))

    def _close_implied(self, tag: str) -> None:
        """Close what a browser would close before ``tag`` opens."""
        if tag in _IMPLIED:
            closes, boundary = _IMPLIED[tag]
            for i in range(len(self.stack) - 1, 0, -1):
                if self.stack[i].tag in boundary:
                    break
                if self.stack[i].tag in closes:
                    del self.stack[i:]
                    break
        if tag in _CLOSES_P:
            for i in range(len(self.stack) - 1, 0, -1):
                if self.stack[i].tag in _P_SCOPE:
                    break
                if self.stack[i].tag == "p":
                    del self.stack[i:]
                    break

    def _note_charset(self, attrs: dict[str, str], line: int) -> None:
        charset = attrs.get("charset")
        if charset is None and attrs.get("http-equiv", "").lower() == "content-type":
            found = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", attrs.get("content", ""), re.I)
            charset = found.group(1) if found else None
        if charset is not None and self.charset is None:
            self.charset = (charset.strip(), line)


def _build_tree(text: str, path: Path) -> _TreeBuilder:
    builder = _TreeBuilder()
    try:
        builder.feed(text)
        leftover = getattr(builder, "rawdata", "")
        inside = getattr(builder, "cdata_elem", None)
        if inside or leftover.lstrip().startswith("<"):
            line = text.count("\n", 0, len(text) - len(leftover)) + 1
            what = f"<{inside}>" if inside else "a tag or comment"
            raise InputError(path, f"HTML page ends inside {what}; the file looks truncated",
                             where=f"line {line}", fix="save the complete page again")
        builder.close()
    except AssertionError as err:      # _markupbase rejects some malformed <![ ...[ sections
        raise InputError(path, f"malformed HTML: {err}", where=f"line {builder.getpos()[0]}",
                         fix="save the page again from the browser") from None
    if builder.charset and builder.charset[0].lower() not in ("utf-8", "utf8"):
        raise InputError(path, f"HTML page declares charset {builder.charset[0][:40]!r}; pages "
                         "must be UTF-8", where=f"line {builder.charset[1]}",
                         fix="re-save the page as UTF-8 and declare <meta charset=\"utf-8\">")
    if builder.unclosed:
        opened = ", ".join(f"<{tag}> (line {line})" for tag, line in builder.unclosed)
        raise InputError(path, f"HTML page is truncated: {opened} opened but never closed",
                         where=f"line {text.count(chr(10)) + 1}",
                         fix="save the complete page again")
    return builder


def _text_of(node: _Element) -> str:
    """All text under ``node`` (script/style skipped, ``<br>`` as a space), cleaned."""
    parts: list[str] = []
    stack: list[_Element | _Text] = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, _Text):
            parts.append(current.text)
        elif current.tag == "br":
            parts.append(" ")
        elif current.tag not in _SKIP:
            stack.extend(reversed(current.children))
    return clean_text("".join(parts))


def _ancestors(node: _Element) -> list[_Element]:
    chain = []
    while node.parent is not None:
        node = node.parent
        chain.append(node)
    return chain


def _contains_list(node: _Element) -> bool:
    stack = list(node.children)
    while stack:
        child = stack.pop()
        if isinstance(child, _Element):
            if child.tag in _LISTS:
                return True
            stack.extend(child.children)
    return False


def _next_element(node: _Element) -> _Element | None:
    siblings = node.parent.children if node.parent else []
    for position in range(node.index + 1, len(siblings)):
        sibling = siblings[position]
        if isinstance(sibling, _Element):
            return sibling
        if sibling.text.strip():
            return None
    return None


# --- walking the tree --------------------------------------------------------------------

@dataclass(frozen=True)
class _Undo:
    """What a bare-numbered heading recorded: the item's earlier heading line and label (None if
    it had none), the position of its "listed again" warning (None if it gave none) and the
    number of documents when it started."""

    line: int | None
    label: str | None
    warning: int | None
    documents: int


@dataclass(eq=False)
class _Item:
    id: str
    label: _Element               # the element carrying the id (a row for a table cell)
    scope: _Element | None        # closing this table/list ends the item; None for a section
    rank: int                     # heading level of the label, 7 for other labels
    label_row: _Element | None    # a row whose next cell names the item (id cell holds the id only)
    undo: _Undo | None = None     # a bare-numbered heading: how to withdraw it if it is a group


@dataclass(eq=False)
class _Link:
    node: _Element
    title: str


_Part = _Text | _Link


class _Walker:
    """Walks the tree in document order and fills the index."""

    def __init__(self, index: DisclosureIndex, base: str | None) -> None:
        self.index = index
        self.base = base
        self.current: _Item | None = None
        self.context = ""
        self.parts: list[_Part] = []
        self.blocks: list[tuple[_Element, int, int]] = []  # open blocks, lines and documents
        #                                                      counted when each opened
        self.lines = 0
        self.attachment = 0            # >0 inside a list nested under an entry with a link
        self.has_docs: set[str] = set()
        self.orphans: list[int] = []
        self.last_href: tuple[str, str] | None = None      # (item, href) of the last document

    def run(self, root: _Element) -> None:
        self._visit(root)
        self._flush()
        if self.orphans:
            shown = ", ".join(map(str, self.orphans[:10])) + (", …" * (len(self.orphans) > 10))
            self.index.warnings.append(f"{len(self.orphans)} link(s) outside any OIT item ignored "
                                       f"(line(s) {shown})")
        for item, line in self.index.heading_lines.items():
            if item not in self.has_docs:
                self.index.documents.append(Document(item, "", None, "", line))

    def _visit(self, node: _Element | _Text) -> None:
        if isinstance(node, _Text):
            self.parts.append(node)
            return
        tag = node.tag
        if tag in _SKIP:
            return
        if tag == "br":
            self._flush()
            return
        if tag == "a" and _href(node) is not None:
            self.parts.append(_Link(node, _link_title(node)))
            return
        block = tag in _BLOCKS
        if block:
            self._flush()
            self.blocks.append((node, self.lines, len(self.index.documents)))
        nested = tag in ("ul", "ol", "dl") and self._under_linked_entry(node)
        self.attachment += nested
        for child in node.children:
            self._visit(child)
        self.attachment -= nested
        if block:
            self._flush()
            self.blocks.pop()
        if self.current is not None and self.current.scope is node:
            self.current, self.context = None, ""

    def _under_linked_entry(self, node: _Element) -> bool:
        """A list inside an ``<li>`` (not the item's label) that already listed a document."""
        entry = node.parent
        if (entry is None or entry.tag != "li" or self.current is None
                or entry is self.current.label):
            return False
        docs = next((docs for block, _, docs in self.blocks if block is entry), None)
        return docs is not None and len(self.index.documents) > docs

    def _flush(self) -> None:
        parts, self.parts = self.parts, []
        if not parts or not clean_text("".join(_part_text(p) for p in parts)):
            return
        first_in = {id(node) for node, count, _ in self.blocks if count == self.lines}
        self.lines += 1
        block = self.blocks[-1][0] if self.blocks else None
        links = [p for p in parts if isinstance(p, _Link)]
        lead: list[_Text] = []
        for part in parts:
            if isinstance(part, _Link):
                break
            lead.append(part)
        plain_lead = clean_text("".join(p.text for p in lead))
        plain = clean_text("".join(p.text for p in parts if isinstance(p, _Text)))
        text = clean_text("".join(_part_text(p) for p in parts))
        line = next((p.line if isinstance(p, _Text) else p.node.line) for p in parts
                    if clean_text(_part_text(p)))
        found = _o_id(text)
        if found is not None:
            labelled = _o_id(plain_lead)      # the id stands before any link: label from the text
            if labelled is None and not plain_lead and links:
                labelled = _link_heading(links)       # the id line is itself a link
            self._start(found[0], clean_text((labelled or found)[1]), block, line)
        elif (bare := self._bare_label(plain_lead, links, block, first_in)) is not None:
            self._start(bare[0], bare[1], block, line, bare=True)
        elif self.current is not None and plain and CONTEXT_LINE.match(to_arabic_digits(plain)):
            self.context = plain
        elif (block is not None and block.tag in _HEADINGS and id(block) in first_in and not links
              and self.current is not None and int(block.tag[1]) <= self.current.rank
              and self.current.label not in _ancestors(block)):
            self.current, self.context = None, ""
        elif (self.current is not None and self.current.label_row is not None and plain_lead
              and self.current.id not in self.has_docs and block is not None
              and self.current.label_row in _ancestors(block)):
            self.index.labels.setdefault(self.current.id, plain_lead)
            self.current.label_row = None
        for link in links:
            self._document(link)

    def _bare_label(self, lead: str, links: list[_Link], block: _Element | None,
                    first_in: set[int]) -> tuple[str, str] | None:
        """A bare ``01``/``1.`` id (in the text before any link): the whole first cell of a row,
        a heading, or a link-free ``<li>``/``<p>``/``<div>`` that holds or precedes a list."""
        if not lead or block is None or id(block) not in first_in:
            return None
        found = _bare_id(lead)
        if found is None:
            return None
        cell = next((a for a in [block, *_ancestors(block)]
                     if a.tag in ("td", "th", "table", "li")), None)
        if cell is not None and cell.tag in ("td", "th"):
            row = cell.parent
            cells = [c for c in (row.children if row else []) if isinstance(c, _Element)
                     and c.tag in ("td", "th")]
            if (row is None or row.tag != "tr" or cells[0] is not cell or id(cell) not in first_in
                    or found[1] or _bare_id(_text_of(cell)) != found or links):
                return None
        elif block.tag in _HEADINGS or block.tag in ("dt", "caption", "summary"):
            pass
        elif block.tag in ("li", "p", "div") and not links:
            following = _next_element(block)
            if not (_contains_list(block) or (following is not None and following.tag in _LISTS)):
                return None
        else:
            return None
        label_el, _, _ = _label_scope(block)
        return found if self._bare_allowed(label_el) else None

    def _bare_allowed(self, label: _Element) -> bool:
        """Bare numbers are ids only outside the current item: not inside its label element
        and not inside anything that follows the label within the label's parent."""
        if self.current is None:
            return True
        parent = self.current.label.parent
        node: _Element | None = label
        while node is not None and node.parent is not parent:
            node = node.parent
        return node is None or node is label and label is not self.current.label

    def _start(self, item: str, label: str, block: _Element | None, line: int, *,
               bare: bool = False) -> None:
        element, scope, rank = _label_scope(block) if block is not None else (None, None, 7)
        if not bare:
            self._withdraw_group(rank)
        if self.current is not None and self.current.id == item:
            return                             # the item's own id repeated in a title
        index = self.index
        undo = _Undo(index.heading_lines.get(item), index.labels.get(item),
                     len(index.warnings) if item in index.heading_lines else None,
                     len(index.documents))
        if item in index.heading_lines:
            index.warnings.append(f"line {line}: {item} listed again (first at line "
                                  f"{index.heading_lines[item]}); documents merged")
        index.heading_lines.setdefault(item, line)
        if label:
            index.labels.setdefault(item, label)
        self.current = _Item(item, element or _Element("#none", {}, line, None, []), scope, rank,
                             element if element is not None and element.tag == "tr" and not label
                             else None, undo if bare and rank < 7 else None)
        self.context = ""

    def _withdraw_group(self, rank: int) -> None:
        """Undo a bare-numbered heading (``<h4>1. ข้อมูลพื้นฐาน</h4>``) that an item with an
        explicit id of a lower rank follows before any link: it numbers a group, not an item."""
        current = self.current
        if (current is None or current.undo is None or rank <= current.rank
                or len(self.index.documents) > current.undo.documents):
            return
        undo, index = current.undo, self.index
        for record, before in ((index.heading_lines, undo.line), (index.labels, undo.label)):
            if before is None:
                record.pop(current.id, None)
            else:
                record[current.id] = before
        if undo.warning is not None:
            del index.warnings[undo.warning]
        self.current, self.context = None, ""

    def _document(self, link: _Link) -> None:
        line = link.node.line
        if self.current is None:
            self.orphans.append(line)
            return
        href = (_href(link.node) or "").strip()
        if _is_button(link) and self.last_href == (self.current.id, href):
            return                             # "ดาวน์โหลด" repeating the link before it
        url = self._resolve(href, line, warn=bool(link.title))
        title = link.title or _file_name(url)
        if not title:                          # an unnamed link to nowhere: nothing to list
            return
        self.index.documents.append(Document(self.current.id, title, url, self.context, line,
                                             level=2 if self.attachment else 1))
        self.has_docs.add(self.current.id)
        self.last_href = (self.current.id, href)

    def _resolve(self, href: str, line: int, warn: bool = True) -> str | None:
        """An absolute http(s) URL for ``href``, or None with a warning naming the line."""
        href = re.sub(r"[\t\n\r]", "", href).strip()
        try:
            scheme = urlsplit(href).scheme
            if not scheme and self.base is not None:
                href = urljoin(self.base, href)
            urlsplit(href)
        except ValueError:                     # e.g. an unclosed IPv6 bracket
            if warn:
                self.index.warnings.append(f"line {line}: link {href[:80]!r} ignored: not a "
                                           "valid URL")
            return None
        if not scheme and self.base is None:
            if warn:
                self.index.warnings.append(f"line {line}: relative link {href[:80]!r} kept without "
                                           "an address (fix: give --base-url, the page's web "
                                           "address)")
            return None
        url = safe_url(_URL_UNSAFE.sub(lambda m: quote(m.group(), safe=""), href))
        if url is None and warn:
            self.index.warnings.append(f"line {line}: link {href[:80]!r} ignored: only http(s) "
                                       "links are allowed")
        return url


def _label_scope(block: _Element) -> tuple[_Element, _Element | None, int]:
    """The element that carries an item id found in ``block``, what ends the item, its rank:
    a cell's row (ended by its table), an ``<li>`` (its list), a ``<dt>``/``<dd>`` (its
    ``<dl>``), else the block itself (a section, ended by a heading of its rank or higher)."""
    for node in [block, *_ancestors(block)]:
        if node.tag in ("td", "th") and node.parent is not None and node.parent.tag == "tr":
            return node.parent, _nearest(node.parent, {"table"}), 7
        if node.tag == "li":
            return node, _nearest(node, {"ul", "ol", "menu"}), 7
        if node.tag in ("dt", "dd"):
            return node, _nearest(node, {"dl"}), 7
        if node.tag in _LISTS or node.tag in ("body", "#root"):
            break
    return block, None, int(block.tag[1]) if block.tag in _HEADINGS else 7


def _nearest(node: _Element, tags: set[str]) -> _Element | None:
    return next((a for a in _ancestors(node) if a.tag in tags), None)


def _o_id(text: str) -> tuple[str, str] | None:
    """``O1 …``, ``o1``, ``O 1``, ``OIT 1``, ``O๑``, ``O01`` at the start -> (``O1``, rest)."""
    found = _O_ID.match(to_arabic_digits(text))
    return (f"O{int(found.group(1))}", text[found.end():]) if found else None


def _bare_id(text: str) -> tuple[str, str] | None:
    """A bare id at the start: zero-padded (``01``), with ``.``/``)`` (``1.``), or alone."""
    found = _BARE_ID.match(to_arabic_digits(text))
    if not found:
        return None
    rest = text[found.end():]
    if not (found.group(1) or found.group(3) or not rest):
        return None
    return f"O{int(found.group(2))}", clean_text(rest)


def _part_text(part: _Part) -> str:
    return part.text if isinstance(part, _Text) else f" {part.title} "


def _href(node: _Element) -> str | None:
    """The href of a link that points somewhere (not empty, not a fragment of this page)."""
    href = node.attrs.get("href")
    if href is None or not href.strip() or href.strip().startswith("#"):
        return None
    return href


def _link_heading(links: list[_Link]) -> tuple[str, str] | None:
    """An id line that is itself a link (``<a href="o1.pdf">O1 โครงสร้าง…</a>``): the first link's
    title loses the id, and (id, name) is returned; None if the link's text does not open with
    an id or holds nothing but the id (the line's text then names the item)."""
    found = _o_id(links[0].title)
    if found is None:
        return None
    links[0] = _Link(links[0].node, clean_text(found[1]))
    return found if links[0].title else None


def _is_button(link: _Link) -> bool:
    """A download button: WordPress's file-block button, or a link reading only ``ดาวน์โหลด``,
    ``Download``, ``คลิกดาวน์โหลด``…"""
    classes = link.node.attrs.get("class", "").split()
    return _BUTTON_CLASS in classes or _BUTTON_TEXT.fullmatch(link.title) is not None


def _link_title(node: _Element) -> str:
    """Anchor text; else the link's title attribute or an image's alt text."""
    title = _text_of(node) or clean_text(node.attrs.get("title", ""))
    if not title:
        stack = list(node.children)
        while stack and not title:
            child = stack.pop(0)
            if isinstance(child, _Element):
                title = clean_text(child.attrs.get("alt", "")) if child.tag == "img" else ""
                stack[:0] = child.children
    return title


def _file_name(url: str | None) -> str:
    """The last path segment of an http(s) URL, decoded (title of an unnamed link)."""
    if not url:
        return ""
    return clean_text(unquote(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]))
