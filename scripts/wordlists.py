#!/usr/bin/env python3
"""Generate the word lists greysweep's detector ships under seeds/words/.

Run once (needs `pip install wordfreq jieba`); the output is committed, the build does
not run this script.

* seeds/words/en.txt — the 30,000 most frequent English words of wordfreq
  (https://github.com/rspeer/wordfreq, data CC-BY-SA 4.0), ASCII letters only, most
  frequent first. Used to tell which brand names are ordinary words.
* seeds/words/zh.txt — the 40,000 most frequent words of three to four characters of
  jieba's dictionary (https://github.com/fxsjy/jieba, dict.txt, MIT licence), most
  frequent first, then the words of wordfreq's Chinese list that jieba's dictionary
  lacks or ranks lower (see `modern`). Used to tell which Chinese brand names (two or
  three characters) are parts of ordinary compounds.
* seeds/words/zh2.txt — the same for words of two characters (jieba's top 60,000, then
  wordfreq's).
* seeds/words/given_names.txt — the given names of the 1990 US Census name files
  (dist.female.first, dist.male.first: 5,163 names; a work of the US government, public
  domain), as the PyPI package `names` 0.3.0 ships them (`pip download names`), most
  frequent first. Used to tell a person's name on goods made to carry one
  (`Custom Name ... Levi's`) from the brand.
* seeds/words/en_dict.txt — the dictionary words of SCOWL size 70 (Debian's
  wamerican-large and wbritish-large, /usr/share/dict/*-english-large; SCOWL's
  permissive licence, notice in the file header) that are written in lower case there
  (proper nouns are capitalised, so `nike` and `rolex` are not in it), ASCII letters,
  four or more, less the words of en.txt. Used with en.txt to tell which names are
  dictionary words though rare on the web (`flamenco`, `submersible`, `baguette`).
* seeds/words/en_proper.txt — the words of en.txt that SCOWL size 70 (as above) has in
  lower case nowhere (`london`, `gucci`, `chanel`), most frequent first: every other word
  of en.txt is a dictionary word in lower case (`whirlpool`, `apple`).
* seeds/words/adjectives.txt — the adjectives that inflect for degree (`fresh`,
  `fresher`, `freshest`) in the inflection table of the PyPI package `lemminflect` 0.2.3
  (resources/infl_lu.csv.gz, MIT licence; the table is derived from the NIH's SPECIALIST
  Lexicon, open data), lower-case ASCII words of en.txt, most frequent first. Used to
  read a weak name that is such an adjective as describing the word after it
  (`Fresh Mint lip balm`).
* seeds/words/en_compounds.txt — the English compounds of two words in WordNet 3.0
  (Debian's wordnet-base, /usr/share/wordnet/data.noun and data.adj; the WordNet 3.0
  licence, notice in the file header) written in lower case there (proper names are
  capitalised: `Coral Sea` is left out, `coral reef` kept), ASCII letters. Used to read a
  weak name written with the word next to it as such a compound (`whirlpool bath`,
  `diesel engine`, `tile cutter`) as that compound.
"""

import collections
import math
import os
import re

import jieba
from wordfreq import get_frequency_dict, top_n_list

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "seeds", "words")


def english(n=30000):
    words = [w for w in top_n_list("en", n * 2) if re.fullmatch(r"[a-z]{2,}", w)]
    return words[:n]


def chinese(n=40000):
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            if 3 <= len(word) <= 4 and all("\u4e00" <= c <= "\u9fff" for c in word):
                rows.append((-freq, word))
    rows.sort()
    return [w for _, w in rows[:n]]


def chinese_pairs(n=60000):
    """Two-character words, most frequent first: where a word of the text begins or
    ends inside a brand's Chinese name (`精华为` holds 精华, `最佳能效` holds 最佳 and
    能效), the name may only be straddling two words."""
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            word, freq = parts[0], int(parts[1])
            if len(word) == 2 and all("\u4e00" <= c <= "\u9fff" for c in word):
                rows.append((-freq, word))
    rows.sort()
    return [w for _, w in rows[:n]]


def given_names():
    """Female and male given names of the 1990 US Census, merged by frequency."""
    import names

    folder = os.path.dirname(names.__file__)
    rows = {}
    for f in ("dist.female.first", "dist.male.first"):
        with open(os.path.join(folder, f), encoding="ascii") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) >= 2 and re.fullmatch(r"[A-Z]{2,}", parts[0]):
                    name = parts[0].lower()
                    rows[name] = max(rows.get(name, 0.0), float(parts[1]))
    return [n for n, _ in sorted(rows.items(), key=lambda r: (-r[1], r[0]))]


# Words of wordfreq's Chinese list (Wikipedia, subtitles, news, social media: words of
# the last two decades that jieba's 1990s-based dictionary lacks, such as 酒庄 winery or
# 拉风 eye-catching) at this Zipf frequency or more are added after jieba's.
MODERN_ZIPF = 2.0

# A character is a name character when at least this share of the jieba words holding
# it are tagged as names (nr, nrt: persons and transliterations; ns: places).
NAME_CHAR_SHARE = 0.65

NAME_TAGS = ("nr", "nrt", "nrfg", "ns", "nsf", "nt", "nz")


def modern(lengths, have):
    """wordfreq's Chinese words of `lengths` characters not in `have`, most frequent
    first, leaving out what reads as a name rather than a word: words jieba tags as a
    person's, place's or organisation's name, and words made only of name characters
    (`达尼`, `阿迪`: pieces of transliterated names that wordfreq's tokenizer cut out)."""
    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    tags = {}
    holding = collections.Counter()
    naming = collections.Counter()
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3:
                continue
            tags[parts[0]] = parts[2]
            for c in set(parts[0]):
                holding[c] += 1
                if parts[2] in ("nrt", "ns", "nr"):
                    naming[c] += 1
    name_chars = {
        c for c in holding if holding[c] >= 5 and naming[c] / holding[c] >= NAME_CHAR_SHARE
    }
    freq = get_frequency_dict("zh")
    rows = []
    for w, f in freq.items():
        if (
            len(w) in lengths
            and all("\u4e00" <= c <= "\u9fff" for c in w)
            and math.log10(f * 1e9) >= MODERN_ZIPF
            and w not in have
            and tags.get(w, "") not in NAME_TAGS
            and not all(c in name_chars for c in w)
        ):
            rows.append((-f, w))
    rows.sort()
    return [w for _, w in rows]


ZH2_HEADER = [
    "Chinese words of 2 characters, most frequent first: the top 60,000 of jieba's",
    "dict.txt (https://github.com/fxsjy/jieba, MIT licence, Copyright (c) 2013 Sun Junyi),",
    "then the words of wordfreq's Chinese list (https://github.com/rspeer/wordfreq, data",
    "CC-BY-SA 4.0) of Zipf frequency 2.0 or more that it lacks, less names;",
    "generated by scripts/wordlists.py.",
]


def with_modern(words, lengths):
    return words + modern(lengths, set(words))


def dictionary(have):
    words = set()
    for path in ("/usr/share/dict/american-english-large", "/usr/share/dict/british-english-large"):
        with open(path, encoding="utf-8") as f:
            words.update(w.strip() for w in f if re.fullmatch(r"[a-z]{4,}", w.strip()))
    return sorted(words - set(have))


def proper(have):
    """The words of `have` that SCOWL lists in lower case nowhere (names, brands, places)."""
    lower = set()
    for path in ("/usr/share/dict/american-english-large", "/usr/share/dict/british-english-large"):
        with open(path, encoding="utf-8") as f:
            lower.update(w.strip() for w in f if re.fullmatch(r"[a-z]+", w.strip()))
    return [w for w in have if w not in lower]


def gradable_adjectives(have):
    """Adjectives with comparative forms in lemminflect's table, in `have`'s order."""
    import gzip
    import importlib.util

    # The package's data file, found without importing it (its import needs numpy).
    folder = importlib.util.find_spec("lemminflect").submodule_search_locations[0]
    path = os.path.join(folder, "resources", "infl_lu.csv.gz")
    adjectives = set()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split(",")
            if len(parts) >= 3 and parts[1] == "adj" and parts[2] and re.fullmatch(r"[a-z]+", parts[0]):
                adjectives.add(parts[0])
    return [w for w in have if w in adjectives]


def compounds():
    """Two-word lower-case lemmas of WordNet 3.0's nouns and adjectives."""
    pairs = set()
    for part in ("noun", "adj"):
        with open(f"/usr/share/wordnet/data.{part}", encoding="latin-1") as f:
            for line in f:
                if line.startswith("  "):
                    continue  # the licence at the head of the file
                fields = line.split()
                for i in range(int(fields[3], 16)):
                    lemma = re.sub(r"\(.*\)$", "", fields[4 + 2 * i])
                    words = lemma.split("_")
                    if len(words) == 2 and all(re.fullmatch(r"[a-z]{2,}", w) for w in words):
                        pairs.add(" ".join(words))
    return sorted(pairs)


WORDNET_HEADER = [
    "English compounds of two words: the lower-case two-word lemmas (proper names are",
    "capitalised there and left out) of the nouns and adjectives of WordNet 3.0",
    "(https://wordnet.princeton.edu/, Debian's wordnet-base); generated by scripts/wordlists.py.",
    "WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.",
    "Permission to use, copy, modify and distribute this software and database and its",
    "documentation for any purpose and without fee or royalty is hereby granted, provided",
    "that you agree to comply with the following copyright notice and statements, including",
    "the disclaimer, and that the same appear on ALL copies of the software, database and",
    "documentation, including modifications that you make for internal use or for distribution.",
    "THIS SOFTWARE AND DATABASE IS PROVIDED \"AS IS\" AND PRINCETON UNIVERSITY MAKES NO",
    "REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. BY WAY OF EXAMPLE, BUT NOT LIMITATION,",
    "PRINCETON UNIVERSITY MAKES NO REPRESENTATIONS OR WARRANTIES OF MERCHANTABILITY OR FITNESS",
    "FOR ANY PARTICULAR PURPOSE OR THAT THE USE OF THE LICENSED SOFTWARE, DATABASE OR",
    "DOCUMENTATION WILL NOT INFRINGE ANY THIRD PARTY PATENTS, COPYRIGHTS, TRADEMARKS OR OTHER",
    "RIGHTS. The name of Princeton University or Princeton may not be used in advertising or",
    "publicity pertaining to distribution of the software and/or database. Title to copyright",
    "in this software, database and any associated documentation shall at all times remain",
    "with Princeton University and LICENSEE agrees to preserve same.",
]


SCOWL_HEADER = [
    "Dictionary words that en.txt lacks: the lower-case entries (proper nouns are capitalised",
    "there) of SCOWL size 70 as Debian's wamerican-large and wbritish-large ship them",
    "(http://wordlist.aspell.net/), ASCII letters, four or more; generated by scripts/wordlists.py.",
    "SCOWL is Copyright 2000-2011 by Kevin Atkinson. Permission to use, copy, modify,",
    "distribute and sell these word lists, the associated scripts, the output created from",
    "the scripts, and its documentation for any purpose is hereby granted without fee,",
    "provided that the above copyright notice appears in all copies and that both that",
    "copyright notice and this permission notice appear in supporting documentation. Kevin",
    "Atkinson makes no representations about the suitability of this array for any purpose.",
    "It is provided \"as is\" without express or implied warranty. (Parts of SCOWL come from",
    "the public-domain Moby Words II and from lists whose notices are in SCOWL's README.)",
]


PROPER_HEADER = [
    "Words of en.txt that SCOWL size 70 (Debian's wamerican-large and wbritish-large,",
    "http://wordlist.aspell.net/) has in lower case nowhere: names of people, places and",
    "makers (`london`, `gucci`, `chanel`), abbreviations and spellings of the web, most",
    "frequent first; every other word of en.txt is a dictionary word in lower case",
    "(`whirlpool`, `apple`). Generated by scripts/wordlists.py.",
] + SCOWL_HEADER[3:]


def write(name, header, words):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        for line in header:
            f.write(f"# {line}\n")
        for w in words:
            f.write(w + "\n")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    write(
        "en.txt",
        [
            "English words, most frequent first: the top 30,000 ASCII-letter words of",
            "wordfreq (https://github.com/rspeer/wordfreq), generated by scripts/wordlists.py.",
            "wordfreq's data is licensed CC-BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/);",
            "this derived list is shared under the same licence.",
        ],
        english(),
    )
    write("en_dict.txt", SCOWL_HEADER, dictionary(english()))
    write("en_proper.txt", PROPER_HEADER, proper(english()))
    write("en_compounds.txt", WORDNET_HEADER, compounds())
    write(
        "adjectives.txt",
        [
            "Adjectives that inflect for degree (fresh, fresher, freshest), most frequent first:",
            "the words of en.txt that the inflection table of lemminflect 0.2.3",
            "(https://github.com/bjascob/LemmInflect, resources/infl_lu.csv.gz, MIT licence,",
            "Copyright (c) 2019 Brad Jascob; the table is derived from the NIH's SPECIALIST",
            "Lexicon, https://lhncbc.nlm.nih.gov/LSG/Projects/lexicon/, open data) lists as",
            "adjectives with a comparative; generated by scripts/wordlists.py.",
        ],
        gradable_adjectives(english()),
    )
    write(
        "zh.txt",
        [
            "Chinese words of 3-4 characters (compounds longer than most brand names), most frequent",
            "first: the top 40,000 of jieba's",
            "dict.txt (https://github.com/fxsjy/jieba, MIT licence, Copyright (c) 2013 Sun Junyi),",
            "then the words of wordfreq's Chinese list (https://github.com/rspeer/wordfreq, data",
            "CC-BY-SA 4.0) of Zipf frequency 2.0 or more that it lacks, less names;",
            "generated by scripts/wordlists.py.",
        ],
        with_modern(chinese(), (3, 4)),
    )
    write("zh2.txt", ZH2_HEADER, with_modern(chinese_pairs(), (2,)))
    write(
        "given_names.txt",
        [
            "Given names, most frequent first: the female and male first-name files of the",
            "1990 US Census (https://www2.census.gov/topics/genealogy/1990surnames/, a work",
            "of the US government, public domain), as the PyPI package names 0.3.0 ships them;",
            "generated by scripts/wordlists.py.",
        ],
        given_names(),
    )
