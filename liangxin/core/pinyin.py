"""Search keys so that 张建国 is found by "张建国", "zhangjianguo" and "zjg"."""

from pypinyin import Style, lazy_pinyin


def search_key(*texts: str) -> str:
    parts = []
    for text in texts:
        if not text:
            continue
        syllables = lazy_pinyin(text, errors="default")
        parts += [
            text.lower(),
            "".join(syllables).lower(),
            "".join(lazy_pinyin(text, style=Style.FIRST_LETTER)).lower(),
        ]
    return " ".join(parts)


def normalize_query(q: str) -> str:
    return "".join(q.split()).lower()
