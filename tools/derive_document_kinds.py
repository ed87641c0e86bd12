"""Write ``data/criteria/document-kinds-2565.yaml`` from the 2566 file through the crosswalk.

    .venv/bin/python tools/derive_document_kinds.py [--check]

Every 2565 item that is ``same``, ``moved`` or ``merged`` into one 2566 item takes that item's
entry under its 2565 number (its ``basis_from`` renumbered back), a ``split`` item its first
successor's; the 2565-only items (O18–O20,
O32, O35) come from ``EXTRA`` below, written from their 2565 descriptions. ``--check`` exits 1
when the committed file differs from what this writes (tests/test_document_kinds.py runs it).
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ita_audit.criteria.crosswalk import load_crosswalk  # noqa: E402

SOURCE = ROOT / "data" / "criteria" / "document-kinds-2566.yaml"
TARGET = ROOT / "data" / "criteria" / "document-kinds-2565.yaml"

EXTRA = {
    "O18": """  O18:
    kind: แผนการใช้จ่ายงบประมาณประจำปี
    match: [แผนการใช้จ่ายงบประมาณ, แผนการใช้งบประมาณ, แผน + งบประมาณ]
""",
    "O19": """  O19:
    kind: รายงานการกำกับติดตามการใช้จ่ายงบประมาณ รอบ 6 เดือน
    match: [งบประมาณ|เบิกจ่าย + ความก้าวหน้า|กำกับติดตาม|ติดตาม|รายงาน|ผล + 6 เดือน|ไตรมาส|ครึ่งปี|รอบ]
    also: [งบประมาณ|เบิกจ่าย + รายงานผล|สรุปผล|ผลการใช้จ่าย]
    basis_from: [O18]
""",
    "O20": """  O20:
    kind: รายงานผลการใช้จ่ายงบประมาณประจำปี
    match: [รายงานผล|สรุปผล|ผลการใช้จ่าย|ผลการเบิกจ่าย + งบประมาณ]
    also: [งบประมาณ|เบิกจ่าย + ความก้าวหน้า|กำกับติดตาม|รายงาน]
    basis_from: [O18]
""",
    "O32": """  O32:
    kind: ช่องทางการรับฟังความคิดเห็น
    match: [รับฟังความคิดเห็น, แสดงความคิดเห็น, ความคิดเห็น + ช่องทาง|แบบ|ระบบ, เว็บบอร์ด, Webboard]
""",
    "O35": """  O35:
    kind: การมีส่วนร่วมของผู้บริหารด้านคุณธรรมและความโปร่งใส
    match: [ผู้บริหาร + คุณธรรม|โปร่งใส|ทุจริต|จริยธรรม|มีส่วนร่วม]
""",
}

HEADER_NOTE = """# DERIVED by tools/derive_document_kinds.py from document-kinds-2566.yaml through
# crosswalk-2565-2566.yaml (edit the 2566 file or the tool, then run it): every 2565 item that
# is the same, moved or merged into one 2566 item takes that item's kind under its 2565 number
# (O34, split into O31–O33, that of O31, the announcement);
# the 2565-only items (O18–O20 the budget plan and its reports, O32 the feedback channel, O35
# the executive's participation) are written in the tool from their 2565 descriptions. O38
# (การเสริมสร้างวัฒนธรรมองค์กร) has no entry: no source states its requirements.
"""


def derive() -> str:
    source = SOURCE.read_text(encoding="utf-8")
    crosswalk = load_crosswalk()
    back = {}                                   # 2566 id -> 2565 id
    for mapping in crosswalk.mappings:
        if mapping.relation in ("same", "moved", "merged") and len(mapping.to_items) == 1:
            back[mapping.to_items[0]] = mapping.from_item
        elif mapping.relation == "split":             # O34 No Gift: the announcement, O31
            back.setdefault(mapping.to_items[0], mapping.from_item)
    head, items = source.split("\nitems:\n", 1)
    out = {}
    for block in re.split(r"(?m)^(?=  O\d+:\n)", items):
        found = re.match(r"  (O\d+):", block)
        if not found or found.group(1) not in back:
            continue
        old = found.group(1)
        block = block.replace(f"  {old}:", f"  {back[old]}:", 1)
        block = re.sub(r"basis_from: \[([^\]]*)\]", lambda m: "basis_from: [" + ", ".join(
            back[i.strip()] for i in m.group(1).split(",") if i.strip() in back) + "]", block)
        out[back[old]] = block
    out.update(EXTRA)
    head = head.replace("# ITA 2566", "# ITA 2565").replace("ita-2566.yaml", "ita-2565.yaml")
    head = head.replace("fiscal_year: 2566", "fiscal_year: 2565")
    head = re.sub(r"# O40 \(การขับเคลื่อนจริยธรรม\).*?always review\.\n", HEADER_NOTE, head,
                  flags=re.S)
    return head + "\nitems:\n" + "".join(out[k] for k in sorted(out, key=lambda i: int(i[1:])))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args()
    text = derive()
    if args.check:
        same = TARGET.read_text(encoding="utf-8") == text
        print("document-kinds-2565.yaml is current" if same else
              "document-kinds-2565.yaml differs: run tools/derive_document_kinds.py")
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
