"""Text from agency websites and files as one line a reader sees as it was judged.

Invisible characters do not survive: zero-width spaces and joiners (Thai editors put U+200B
between words, and inside numbers: "25\u200b66" is 2566, not "25 66"), the byte-order mark, soft
hyphens, and every other control character. Bidirectional controls (U+202E and its kin) would
let a title or a name reverse the text around it on the page ("2566 - 2570" shown where the
engine read "0752 - 6652"), so they go too. Whitespace runs become one space.
"""
from __future__ import annotations

import re

#: Removed outright: control characters that are not whitespace, the soft hyphen, the Arabic
#: letter mark, zero-width spaces, joiners and marks (U+200B-U+200F), the bidirectional
#: embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), the invisible operators
#: (U+2060-U+2064, U+206A-U+206F), the BOM, interlinear annotation marks and tag characters.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u061c\u180e"
                        "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
                        "\U000e0001\U000e0020-\U000e007f]")


def one_line(text: str) -> str:
    """``text`` without invisible characters, its whitespace runs (line breaks, no-break
    spaces) as one space, stripped."""
    if not text.isprintable():              # the common case has nothing to remove
        text = _INVISIBLE.sub("", text)
    # str.split() splits at exactly the characters \s matches (str.isspace), no-break included
    return " ".join(text.split())
