"""Penn Treebank tokens back to plain text, so that bullets and their evidence read like the story.

Some corpora (Timeline17's articles, for one) come PTB-tokenized: "-LRB- CNN -RRB-", "`` He said ''",
"does n't", "Egypt 's", "$ 5", "5 %", spaces before every comma and full stop. Left so, every bullet
carries them. ``restore`` puts such cased text back together on reading, line by line (a line break stays
where it was), so that every span the pipeline keeps points into the restored text.

The lowercase tokenized form of the CNN/DailyMail benchmark stays as it is: its sentences are split on
the tokens (capitals carry no signal there), and it is scored with ROUGE against tokenized references,
as in the papers it is compared with.
"""
from __future__ import annotations

import re

# PTB's escapes for brackets, and its quotes
BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}"}
OPENING = frozenset({"(", "[", "{"})
CLOSING = frozenset({")", "]", "}"})
# The pieces PTB splits off a word: "does n't", "Egypt 's", "we 're"
CLITICS = frozenset({"'s", "'re", "'ve", "'m", "'ll", "'d", "n't"})
# Words PTB splits in two: "gon na", "wan na", "got ta", "lem me", "gim me"
HALVES = {("gon", "na"), ("wan", "na"), ("got", "ta"), ("lem", "me"), ("gim", "me")}
# Words ending in "s" that own nothing: the "'" after them opens a quote ("was ' a lot of fun '")
NOT_PLURALS = frozenset("is was has as does says this thus his its yes us".split())
CURRENCY = frozenset({"$", "US$", "C$", "A$", "NZ$", "HK$", "S$", "€", "£", "¥", "#"})
# "£1.3bn" comes out as "# 1.3 bn" (PTB writes the pound sign as "#"): a magnitude after a "#" amount
# says it was money, where "# 2" alone is a rank ("Egypt is # 2").
SHORT_MAGNITUDES = frozenset({"m", "bn", "tn", "k"})  # written against the number: "£20m"
MAGNITUDES = SHORT_MAGNITUDES | {"million", "billion", "trillion"}
_NUMBER = re.compile(r"\d[\d.,]*")
_SHORT_AMOUNT = re.compile(r"\d[\d.,]*(?:m|bn|tn|k)\.?", re.IGNORECASE)
_PUNCT = re.compile(r"[.,;:?!%]+|\.\.\.")  # tokens that close up to the word before
_ABBREVIATION_END = re.compile(r"[^\W\d_]\.$")  # "D.C." before PTB's extra full stop: "Washington , D.C. ."

# What marks tokenized text, and what marks prose (``tokenized``); letters and capitals are counted by regular
# expressions, not a loop over characters (every article read is checked)
_LETTERS = re.compile(r"[^\W\d_]")
_CAPITALS = re.compile(r"[A-Z\u00c0-\u00de]")
_MARKS = re.compile(r"(?<!\S)(?:[,;:?!]|\.(?=\s*$)|``|''|-[LR][RSC]B-|n't|'s|'re|'ve|'m|'ll)(?!\S)",
                    re.MULTILINE | re.IGNORECASE)
_PROSE = re.compile(r"[^\W\d_][,;:?!](?=\s|$)|[^\W\d_](?:n't|'s|'re|'ve|'ll)\b|(?-i:[a-z]{3}\.(?=\s+[A-Z]))",
                    re.MULTILINE | re.IGNORECASE)
MIN_MARKS = 1  # a one-line caption of tokens ("GRAPHIC : Mary Kate Cannistra") is tokenized too
WORDS_PER_MARK = 50  # fewer marks than this allows is a stray " ." in prose (a Daily Mail caption's)
MIN_CAPITALS = 0.01  # share of the letters: the benchmark's lowercased text has none


def tokenized(text: str) -> bool:
    """Whether ``text`` is cased PTB-tokenized text: its tokenizer's marks (spaced punctuation, "-LRB-",
    "``", "''", split "n't" and "'s") outnumber prose's glued ones at least two to one, and come at least
    one in ``WORDS_PER_MARK`` words. Lowercase text (the CNN/DailyMail benchmark's form) is not: it stays
    tokenized.

    >>> tokenized("He said : `` We do n't know . ''"), tokenized("He said: \\"We don't know.\\"")
    (True, False)
    >>> tokenized("he said : `` we do n't know . ''")
    False
    """
    if text.islower() or not text.strip():
        return False  # the benchmark's lowercase text, at once
    letters = len(_LETTERS.findall(text))
    if not letters or len(_CAPITALS.findall(text)) < MIN_CAPITALS * letters:
        return False
    marks = len(_MARKS.findall(text))
    return (marks >= MIN_MARKS and marks >= 2 * len(_PROSE.findall(text))
            and marks * WORDS_PER_MARK >= len(text.split()))


def restore(text: str) -> str:
    """``text`` without PTB's tokens when it is cased tokenized text (``tokenized``), else as it is.

    >>> restore("WASHINGTON -LRB- CNN -RRB- -- Obama 's plan does n't cost $ 5 , or 5 % .")
    "WASHINGTON (CNN) -- Obama's plan doesn't cost $5, or 5%."
    """
    if not tokenized(text):
        return text
    return "\n".join(detokenize(line) for line in text.split("\n"))


def detokenize(line: str) -> str:
    """One line of PTB tokens as prose: brackets and quotes, contractions and possessives closed up,
    punctuation against its word, "$ 5" -> "$5", "5 %" -> "5%", "\\/" -> "/".

    >>> print(detokenize("`` I ca n't , '' she said -LRB- twice -RRB- of the banks ' loans ..."))
    "I can't," she said (twice) of the banks' loans...
    >>> print(detokenize("Profits rose to # 1.3 bn in Washington , D.C. ."))
    Profits rose to £1.3bn in Washington, D.C.
    """
    pieces: list[tuple[str, bool]] = []  # each token, and whether it closes up to the one before
    glue_next = False  # the token before opens something: the next one closes up to it
    single_open = double_open = False  # a quote is open: the next one closes it
    tokens = line.split()
    for i, raw in enumerate(tokens):
        token = BRACKETS.get(raw.upper(), raw).replace("\\/", "/").replace("\\*", "*")
        prev = pieces[-1][0] if pieces else ""
        glue, glue_next = glue_next, False
        if token == "``" or (token == "''" and not double_open and _opens(tokens, i)):
            token, glue_next, double_open = '"', True, True
        elif token == "''":
            token, glue, double_open = '"', True, False
        elif token == "`":
            token, glue_next, single_open = "'", True, True
        elif token == "'":
            if single_open or (prev[-1:] in ("s", "S") and prev.lower() not in NOT_PLURALS):
                glue, single_open = True, False  # a closing quote, or a plural's possessive ("banks'")
            else:
                glue_next, single_open = True, True  # an opening one
        elif token in OPENING:
            glue_next = True
        elif token in CLOSING or token.lower() in CLITICS or (prev.lower(), token.lower()) in HALVES:
            glue = True
        elif _PUNCT.fullmatch(token):
            if token == "." and (_ABBREVIATION_END.search(prev) or (
                    prev in ('"', "'", ")") and len(pieces) > 1 and _ABBREVIATION_END.search(pieces[-2][0]))):
                continue  # PTB's second full stop after an abbreviation that ends the sentence ('the U.S." .')
            glue = True
        elif prev in CURRENCY and _NUMBER.match(token):
            glue = True
            if prev == "#" and _SHORT_AMOUNT.fullmatch(token):  # "# 20m": the pound sign's
                pieces[-1] = ("£", pieces[-1][1])
        elif _amount(pieces) and token.lower().rstrip(".") in MAGNITUDES:
            glue = token.lower().rstrip(".") in SHORT_MAGNITUDES
            if pieces[-2][0] == "#":
                pieces[-2] = ("£", pieces[-2][1])
        pieces.append((token, glue))
    return "".join(token if glue or i == 0 else " " + token for i, (token, glue) in enumerate(pieces))


def _opens(tokens: list[str], i: int) -> bool:
    """Whether the "''" at ``tokens[i]`` opens a quote, as some sources write it: at the line's start, or after a
    word with another "''" later in the line to close it ("stamped '' made in USA '' instead"). One after
    punctuation closes a quote opened on a line before ("... over , '' he said")."""
    if i == len(tokens) - 1 or (i and _PUNCT.fullmatch(tokens[i - 1])):
        return False
    if i == 0:
        return True
    for token in tokens[i + 1:]:
        if token == "``":
            return False
        if token == "''":
            return True
    return False


def _amount(pieces: list[tuple[str, bool]]) -> bool:
    """Whether the last two pieces are a currency sign and a number closed up to it ("$" "5")."""
    return len(pieces) >= 2 and pieces[-2][0] in CURRENCY and pieces[-1][1] and bool(_NUMBER.fullmatch(pieces[-1][0]))
