#!/usr/bin/env python3
"""Generate seeds/words/zh_lookalikes.txt: pairs of Chinese characters that look alike
(形近字), for the detector's look-alike misspellings of Chinese names (`大白免` for
大白兔).

Run once; the output is committed, the build does not run this script. Needs the data of
the PyPI package char-similar 0.0.2 (https://github.com/yongzhuo/char-similar; MIT in its
metadata, Apache-2.0 in its LICENSE file): `pip download char-similar==0.0.2 --no-deps`,
unzip the wheel, and pass its `char_similar/data` folder as the first argument and the
path of NotoSansCJK-Regular.ttc as the second.

Two characters are look-alikes when
* both are in the shipped Chinese word lists (seeds/words/zh2.txt, zh.txt: the
  characters titles use),
* both have four strokes or more, and their stroke sequences (char_order.dict, strokes
  numbered 1-5) differ by one stroke inserted, dropped or changed,
* they share a component (char_stroke.dict) or their radical (char_component.dict), and
* their four-corner codes (char_fourangle.dict) agree on the two upper or the two lower
  corners;
or both have eight strokes or more, share a component, agree on two corners as above and
their stroke sequences are two strokes apart (`期` `斯`); or both have fewer than four
strokes and the very same stroke sequence and components (`土` `士`, `己` `已` `巳`,
`刀` `力`).

Four-corner codes miss look-alikes whose corners differ by a stroke's end (`木` `本`,
`由` `田`, `金` `全`), and sellers also write characters outside the word lists (`隹` for
`佳`). So, second, a character of the word lists and any CJK character of the data
(U+4E00 to U+9FA5) are look-alikes when their rendered glyphs agree: both drawn in Noto
Sans CJK SC (Debian's fonts-noto-cjk; its path is the second argument) at 40 px on a
48 px square, blurred (Gaussian, radius 1.5) and scaled to 24 × 24, the correlation of
the two images (cosine of the mean-centred pixels) is 0.80 or more, and their stroke
sequences are at most one stroke apart, or two apart with a component or the radical
shared; or the very same strokes with a component or the radical shared, and a
correlation of 0.70 or more (`由` `田`, `人` `入`). Needs Pillow and numpy.

Third, sellers add a radical to a character of a name or drop one (`俐` for 利, `歌`
for 哥, `国臣` for 国巨): a character of the word lists and a component of it
(char_stroke.dict) that is itself a character of the lists, of two strokes or more, are
look-alikes. And two characters of the lists that share a component look alike when
their glyphs (drawn as above) correlate 0.75 or more and their stroke sequences are at
most three strokes apart (`稚` `雅`, one component changed).

Fourth, the katakana that Unicode's confusables table (UTS #39, confusables.txt) maps to
a Chinese character (`エ` 工, `ロ` 口, `カ` 力): a Japanese letter in a Chinese name
(`柳エ` for 柳工) is the character it copies.
"""

import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))


def within_two_edits(a: str, b: str) -> bool:
    """Whether stroke sequences `a` and `b` are at most two strokes apart (inserted,
    dropped or changed)."""
    return abs(len(a) - len(b)) <= 2 and levenshtein(a, b) <= 2


# Katakana mapped to a Chinese character by Unicode's confusables.txt (UTS #39).
KANA = [
    ("エ", "工"),
    ("ロ", "口"),
    ("カ", "力"),
    ("タ", "夕"),
    ("ニ", "二"),
    ("ト", "卜"),
    ("ハ", "八"),
    ("ー", "一"),
]


def levenshtein(a: str, b: str) -> int:
    """Strokes inserted, dropped or changed between stroke sequences `a` and `b`."""
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]


def glyph_vectors(font_path, chars):
    """One row per character of `chars`: its glyph in Noto Sans CJK SC at 40 px on a
    48 px square, blurred (Gaussian, radius 1.5), scaled to 24 x 24, mean-centred and of
    unit length, so that the product of two rows is their correlation."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFilter, ImageFont

    font = ImageFont.truetype(str(font_path), 40, index=2)  # Noto Sans CJK SC

    def image(c):
        im = Image.new("L", (48, 48), 0)
        ImageDraw.Draw(im).text((4, -6), c, font=font, fill=255)
        im = im.filter(ImageFilter.GaussianBlur(1.5)).resize((24, 24), Image.BILINEAR)
        return np.asarray(im, dtype=np.float32).ravel()

    v = np.stack([image(c) for c in chars])
    v -= v.mean(1, keepdims=True)
    v /= np.linalg.norm(v, axis=1, keepdims=True) + 1e-9
    return v


def glyph_pairs(font_path, common, order, parts, radical):
    """Pairs (sorted) of a word-list character and a CJK character whose glyphs agree and
    whose strokes are close (see the module's text)."""
    chars = [chr(cp) for cp in range(0x4E00, 0x9FA6) if chr(cp) in order]
    at = {c: i for i, c in enumerate(chars)}
    v = glyph_vectors(font_path, chars)

    def dropped(s, k):
        out = {s}
        for _ in range(k):
            out |= {x[:i] + x[i + 1 :] for x in out for i in range(len(x))}
        return out

    index = collections.defaultdict(set)
    for c in chars:
        for d in dropped(order[c], 2):
            index[d].add(c)
    pairs = set()
    for a in sorted(c for c in common if c in at):
        near = set()
        for d in dropped(order[a], 2):
            near |= index[d]
        for b in near:
            if b == a:
                continue
            edits = levenshtein(order[a], order[b])
            shared = bool(set(parts.get(a, [])) & set(parts.get(b, []))) or radical.get(
                a
            ) == radical.get(b)
            g = float(v[at[a]] @ v[at[b]])
            if (
                (edits <= 1 and g >= 0.80)
                or (edits == 0 and shared and g >= 0.70)
                or (edits == 2 and shared and g >= 0.80)
            ):
                pairs.add(tuple(sorted((a, b))))
    return pairs


def component_pairs(common, order, parts):
    """Pairs (sorted) of a word-list character and a component of it that is a word-list
    character of two strokes or more (`俐` `利`, `臣` `巨`)."""
    pairs = set()
    for a in common:
        for b in parts.get(a, []):
            if b != a and b in common and len(order.get(b, "")) >= 2:
                pairs.add(tuple(sorted((a, b))))
    return pairs


def shared_component_glyph_pairs(font_path, common, order, parts):
    """Pairs (sorted) of word-list characters that share a component, whose glyphs
    correlate 0.75 or more and whose strokes are at most three apart (`稚` `雅`)."""
    chars = sorted(c for c in common if c in order and c in parts)
    v = glyph_vectors(font_path, chars)
    at = {c: i for i, c in enumerate(chars)}
    by_part = collections.defaultdict(list)
    for c in chars:
        for part in set(parts[c]):
            by_part[part].append(c)
    pairs = set()
    for group in by_part.values():
        if len(group) < 2:
            continue
        g = v[[at[c] for c in group]]
        corr = g @ g.T
        for i, a in enumerate(group):
            for j in range(i + 1, len(group)):
                b = group[j]
                if corr[i, j] >= 0.75 and levenshtein(order[a], order[b]) <= 3:
                    pairs.add(tuple(sorted((a, b))))
    return pairs


def main() -> None:
    data = Path(sys.argv[1])
    load = lambda name: json.loads((data / name).read_text(encoding="utf-8"))
    corners = load("char_fourangle.dict")
    parts = load("char_stroke.dict")
    radical = load("char_component.dict")
    order = load("char_order.dict")
    common = set()
    for name in ["zh2.txt", "zh.txt"]:
        for line in (ROOT / "seeds/words" / name).read_text(encoding="utf-8").splitlines():
            if not line.startswith("#"):
                common.update(c for c in line if "\u4e00" <= c <= "\u9fff")
    # Characters of fewer strokes look alike only when written with the very same
    # strokes and parts (`土` and `士`, `己` `已` `巳`): one stroke more or less makes
    # another shape there.
    small = collections.defaultdict(set)
    for c in common:
        if c in order and c in parts and len(order[c]) < 4:
            small[(order[c], frozenset(parts[c]))].add(c)
    chars = sorted(c for c in common if c in order and c in parts and len(order[c]) >= 4)
    index = collections.defaultdict(set)
    for c in chars:
        s = order[c]
        index[s].add(c)
        for i in range(len(s)):
            index[s[:i] + s[i + 1 :]].add(c)
    pairs = set()
    for c in chars:
        s = order[c]
        near = set(index[s])
        for i in range(len(s)):
            near |= index[s[:i] + s[i + 1 :]]
        for d in near:
            if d == c or not one_edit(s, order[d]):
                continue
            if not set(parts[c]) & set(parts[d]) and radical.get(c) != radical.get(d):
                continue
            a, b = corners.get(c, "    "), corners.get(d, "    ")
            if a[:2] != b[:2] and a[2:4] != b[2:4]:
                continue
            pairs.add(tuple(sorted((c, d))))
    # Characters of eight strokes or more may be two strokes apart (`期` `斯`, one
    # component changed), when they share a component and two corners.
    by_part = collections.defaultdict(set)
    for c in chars:
        if len(order[c]) >= 8:
            for part in parts[c]:
                by_part[part].add(c)
    for group in by_part.values():
        members = sorted(group)
        for i, c in enumerate(members):
            for d in members[i + 1 :]:
                if (c, d) in pairs or not within_two_edits(order[c], order[d]):
                    continue
                a, b = corners.get(c, "    "), corners.get(d, "    ")
                if a[:2] != b[:2] and a[2:4] != b[2:4]:
                    continue
                pairs.add((c, d))
    for group in small.values():
        for c in group:
            for d in group:
                if c < d:
                    pairs.add((c, d))
    pairs |= glyph_pairs(Path(sys.argv[2]), common, order, parts, radical)
    pairs |= component_pairs(common, order, parts)
    pairs |= shared_component_glyph_pairs(Path(sys.argv[2]), common, order, parts)
    pairs |= set(KANA)
    out = ROOT / "seeds/words/zh_lookalikes.txt"
    with out.open("w", encoding="utf-8") as f:
        f.write(
            "# Chinese characters that look alike (形近字), two per line: written by\n"
            "# scripts/lookalikes.py from the character data of char-similar 0.0.2\n"
            "# (https://github.com/yongzhuo/char-similar, MIT / Apache-2.0): stroke sequences\n"
            "# one stroke apart, a shared component or radical, and two four-corner digits\n"
            "# alike (two strokes apart for characters of eight strokes or more, 期斯), or\n"
            "# under four strokes with the same strokes and components (土士), over\n"
            "# the characters of zh2.txt and zh.txt; characters whose glyphs (Noto Sans CJK\n"
            "# SC, blurred, 24 x 24) correlate 0.80 or more and whose strokes are one or two\n"
            "# apart (木本, 金全, 佳隹); a character and a component of it (俐利, 臣巨);\n"
            "# characters sharing a component whose glyphs correlate 0.75 or more and whose\n"
            "# strokes are at most three apart (稚雅); katakana that Unicode's confusables table maps to a\n"
            "# Chinese character (エ工). Used to read `大白免` as a misspelling of 大白兔,\n"
            "# `木田` of 本田.\n"
        )
        for a, b in sorted(pairs):
            f.write(f"{a}{b}\n")
    print(f"{len(pairs)} pairs -> {out}")


if __name__ == "__main__":
    main()
