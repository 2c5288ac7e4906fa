"""French text analysis shared by every search backend (pure Python, no Django).

Both backends index and query the *output* of this module, so SQLite and PostgreSQL see
exactly the same terms: lower case, accents removed, then the Snowball French stemmer
(the algorithm behind PostgreSQL's ``french`` configuration), corrected by a list of
exceptions for words of different meaning that share a stem (« stationnement » and
« station »). « Fuites », « fuite » and « FUITE » all become ``fuit``; « prévisions » and
« prevision » become ``previs``.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import snowballstemmer

_WORD_RE = re.compile(r"[a-z0-9]+")
_STEMMER = snowballstemmer.stemmer("french")
STEM_EXCEPTIONS_FILE = Path(__file__).resolve().parent / "data" / "stem_exceptions.txt"


def read_stem_exceptions(path: Path = STEM_EXCEPTIONS_FILE) -> dict[str, str]:
    """Word → stem overrides: « racine : mot mot … » per line (see the data file)."""
    exceptions: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        root, _sep, listed = line.partition(":")
        for word in listed.split():
            exceptions[word] = root.strip()
    return exceptions


STEM_EXCEPTIONS = read_stem_exceptions()
# Elided articles and very common words that carry no meaning for search.
STOP_WORDS = frozenset([
    "a", "au", "aux", "avec", "ce", "ces", "d", "dans", "de", "des", "du", "elle", "en",
    "et", "eux", "il", "je", "l", "la", "le", "les", "leur", "lui", "m", "ma", "mais",
    "me", "meme", "mes", "moi", "mon", "n", "ne", "nos", "notre", "nous", "on", "ou",
    "par", "pas", "pour", "qu", "que", "qui", "s", "sa", "se", "ses", "son", "sur", "t",
    "ta", "te", "tes", "toi", "ton", "tu", "un", "une", "vos", "votre", "vous", "y",
    "c", "j", "est", "sont", "ete", "etre"
])


def fold(text: str) -> str:
    """Lower case without accents; œ/æ become oe/ae."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """Folded words, stop words removed, in order."""
    return [w for w in _WORD_RE.findall(fold(text or "")) if w not in STOP_WORDS]


_TOKEN_RE = re.compile(r"\w+")


def words_as_typed(text: str) -> list[tuple[str, str]]:
    """``words`` with, for each, the word as the user wrote it (lower case, accents kept)
    for messages: (« cameras », « caméras »)."""
    found = []
    for token in _TOKEN_RE.findall((text or "").lower()):
        parts = words(token)
        if len(parts) == 1:
            found.append((parts[0], token))
        else:
            found += [(part, part) for part in parts]
    return found


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    override = STEM_EXCEPTIONS.get(word)
    if override is not None:
        return override
    stemmed = _STEMMER.stemWord(word)
    # Snowball leaves the -x plurals alone: feux/feu, eaux/eau, réseaux/réseau.
    if stemmed == word and len(word) > 3 and word.endswith(("eux", "aux", "oux")):
        return _STEMMER.stemWord(word[:-1])
    return stemmed


def analyze(text: str) -> list[str]:
    """Stems of a text, in order (positions matter for phrases)."""
    return [stem(w) for w in words(text)]


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = [a + b[1:] for a, b in splits if b]
    transposes = [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1]
    replaces = [a + c + b[1:] for a, b in splits if b for c in _LETTERS]
    inserts = [a + c + b for a, b in splits for c in _LETTERS]
    return set(deletes + transposes + replaces + inserts) - {word}
