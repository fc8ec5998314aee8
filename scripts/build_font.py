"""Build the CJK font subset shipped in ``ipdata/fonts/`` (a maintainer tool, not run by users).

Why: Chinese labels must render after a plain ``pip install`` on a machine with no CJK font, and
the same figure must come out byte-identical on every machine. So the package ships its own font,
under a family name no system font has ("ipdata CJK Sans"), and figures use only that font.

Source: Noto Sans CJK SC Regular (SIL Open Font License 1.1) from Debian's ``fonts-noto-cjk``
package, version 1:20220127+repack1-1, pinned by SHA-256 below. Obtain it with
``apt-get download fonts-noto-cjk`` and run::

    python scripts/build_font.py fonts-noto-cjk_1%3a20220127+repack1-1_all.deb

The subset keeps ASCII, Latin-1, general punctuation, CJK symbols and full-width forms, every
GB 2312 hanzi (6,763 characters: covers place names and ordinary text), and every character that
appears in the bundled data tables and in ipdata's own labels. OFL 1.1 allows subsetting and
renaming; the licence travels with the font (``ipdata/fonts/OFL.txt``).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import subprocess
import sys
import tempfile
from pathlib import Path

DEB_SHA256 = "4a2515eb6db3978b897fef9709ed0d2b1f4c6c4df4d83d6c4ef65f71f1b1f502"
TTC_MEMBER = "usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
SC_INDEX = 2  # Noto Sans CJK SC inside the collection
FAMILY = "ipdata CJK Sans"
ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "ipdata" / "fonts" / "ipdata-cjk-sans.otf"


def gb2312_hanzi() -> str:
    """Every GB 2312 hanzi (rows 16-87), decoded from the standard's byte ranges."""
    chars = []
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.append(bytes([hi, lo]).decode("gb2312"))
    return "".join(chars)


def project_text() -> str:
    """Characters used by the bundled data and by ipdata's source (labels, status words)."""
    text = []
    for pattern in ("data/*.csv", "data/*.json", "ipdata/**/*.py", "notebooks/*.ipynb"):  # every subpackage
        text += [p.read_text(encoding="utf-8") for p in sorted(ROOT.glob(pattern))]
    return "".join(text)


def main(deb: str) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    data = Path(deb).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != DEB_SHA256:
        sys.exit(f"{deb}: SHA-256 {digest} is not the pinned {DEB_SHA256}")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["dpkg-deb", "-x", deb, tmp], check=True)
        font = TTCollection(Path(tmp) / TTC_MEMBER).fonts[SC_INDEX]
        ranges = [
            range(0x20, 0x7F),
            range(0xA0, 0x100),
            range(0x2000, 0x2070),
            range(0x3000, 0x3040),
            range(0x2190, 0x2300),
            range(0x25A0, 0x2600),
            range(0xFF00, 0xFFF0),
        ]
        codepoints = {c for r in ranges for c in r} | {
            ord(c) for c in gb2312_hanzi() + project_text() if ord(c) >= 0x20
        }
        codepoints &= set(font.getBestCmap())
        options = subset.Options()
        options.name_IDs = ["*"]
        options.layout_features = ["*"]
        options.notdef_outline = True
        options.drop_tables += ["DSIG"]
        sub = subset.Subsetter(options)
        sub.populate(unicodes=sorted(codepoints))
        sub.subset(font)
        for rec in font["name"].names:  # a unique family: never confused with an installed Noto
            if rec.nameID in (1, 16):
                rec.string = FAMILY
            elif rec.nameID in (4,):
                rec.string = f"{FAMILY} Regular"
            elif rec.nameID == 6:
                rec.string = "ipdataCJKSans-Regular"
        font["head"].modified = font["head"].created  # no build timestamp: reproducible bytes
        buf = io.BytesIO()
        font.save(buf)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(buf.getvalue())
    print(
        f"{OUT}: {len(codepoints)} characters, {len(buf.getvalue()) / 1e6:.2f} MB, "
        f"sha256 {hashlib.sha256(buf.getvalue()).hexdigest()}"
    )


if __name__ == "__main__":
    main(sys.argv[1])
