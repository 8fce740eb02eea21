"""The Chinese edition as a reader sees it (built by the html_dir fixture beside the English one): pages marked
zh-CN, a language switch on every page of both editions that leads to the twin page, Chinese prose with no
English sentences, and a search that finds the plan's words in Chromium, offline."""

import re
from collections import Counter
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from carbonpeak import locations
from carbonpeak.charts import browser as chromium

ZH_PAGES = sorted(p.stem for p in (locations.BOOK / "zh").iterdir() if p.suffix in (".ipynb", ".md"))
EN_PAGES = sorted(p.stem for p in locations.BOOK.iterdir() if p.suffix in (".ipynb", ".md"))
# Latin words a Chinese page may use: names (of data producers, methods, formats and tools), units and
# abbreviations a Chinese policy reader uses as they are. Anything else counts as English prose.
ALLOWED = {
    "CEADs", "Sobol", "GDP", "IAMC", "CSV", "PDF", "pyam", "Excel", "git", "md", "IPCC", "IEA", "ICCT", "Hao",
    "et", "al", "CO", "Mann", "Kendall", "NEV", "carbonpeak", "export", "out", "DIR", "cff", "CITATION", "ipynb",
    "MASE", "sMAPE", "ARIMA", "LNG", "PUE", "BIM", "CIM", "CMCC", "Chen", "Kaya", "LMDI", "CREA", "Shan",
}  # fmt: skip
MAX_LATIN = 5  # Latin words outside the allow-list on one Chinese page
WORD = re.compile(r"[A-Za-z0-9_\-']+")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def prose(article) -> str:
    """The page's text a reader reads as prose: without what another language's element marks as its own (an
    English term in the glossary, pinyin), code, the execution receipt and the list of chart sources (its
    citations are names)."""
    for e in article.select("[lang]"):
        if e["lang"] != "zh-CN":
            e.decompose()
    for e in article.select("code, pre, script, style, #execution-receipt, #sources-of-the-charts"):
        e.decompose()
    return article.get_text(" ")


def latin_words(text: str) -> Counter:
    """Words of two or more Latin letters and no digit (T01, C40, 2030年 and N are identifiers and numbers)."""
    words = [w for w in WORD.findall(text) if not re.search(r"\d", w) and len(re.findall(r"[A-Za-z]", w)) >= 2]
    return Counter(w.strip("-'") for w in words if w.strip("-'") not in ALLOWED)


@pytest.mark.parametrize("page", ZH_PAGES)
def test_a_chinese_page_is_chinese_prose_marked_zh_cn(html_dir, page):
    soup = _soup(html_dir / "zh" / f"{page}.html")
    assert soup.html["lang"] == "zh-CN"
    text = prose(soup.find("article"))
    assert len(HAN.findall(text)) > 500, page
    found = latin_words(text)
    assert sum(found.values()) <= MAX_LATIN, f"{page}: {found.most_common(10)}"


@pytest.mark.parametrize("page", ZH_PAGES)
def test_a_chinese_pages_charts_state_their_units_in_chinese(page):
    """Chart subtitles live in the charts' specs, out of the prose test's reach."""
    text = next((locations.BOOK / "zh").glob(f"{page}.*")).read_text(encoding="utf-8")
    assert "Units: " not in text, page
    assert "单位：" in text or "carbonpeak-chart" not in text, page


def test_the_latin_word_count_catches_an_english_sentence():
    assert sum(latin_words("深圳 The probability of a peak by 2030 is 52 %").values()) >= 5
    assert sum(latin_words("CEADs清单、T01目标、C40规则和N年回落规则").values()) == 0


def test_every_english_page_has_a_chinese_twin():
    assert ZH_PAGES == EN_PAGES


def test_english_pages_stay_marked_english(html_dir):
    for page in EN_PAGES:
        assert _soup(html_dir / "book" / f"{page}.html").html["lang"] == "en", page


@pytest.mark.parametrize(
    "edition,pages", [("book", EN_PAGES), ("zh", ZH_PAGES)], ids=["english pages", "chinese pages"]
)
def test_every_page_switches_to_its_twin(html_dir, edition, pages):
    for page in pages:
        path = html_dir / edition / f"{page}.html"
        links = _soup(path).select(".carbonpeak-lang a")
        assert len(links) == 1, f"{edition}/{page}: {len(links)} language switches"
        target = (path.parent / links[0]["href"]).resolve()
        assert target.is_file(), f"{edition}/{page} -> {links[0]['href']}"
        other = "zh" if edition == "book" else "book"
        twin = page if page in (ZH_PAGES if other == "zh" else EN_PAGES) else "index"
        assert target == (html_dir / other / f"{twin}.html").resolve(), (edition, page, links[0]["href"])
        assert links[0]["hreflang"] == ("zh-CN" if other == "zh" else "en")


def test_the_landing_pages_offer_both_editions(html_dir):
    en = _soup(html_dir / "book" / "index.html")
    assert any(a["href"].startswith("../zh/") for a in en.select("article a[href]"))
    zh = _soup(html_dir / "zh" / "index.html")
    assert zh.select_one(".carbonpeak-lang a")["href"] == "../book/index.html"


SEARCH_RESULTS = """() => new Promise((resolve) => {
  const done = () => {
    const items = [...document.querySelectorAll('#search-results ul.search li a')];
    const status = document.querySelector('#search-results p.search-summary');
    if (status && status.textContent.trim()) resolve(items.map(a => a.getAttribute('href')));
    else setTimeout(done, 100);
  };
  done();
})"""

# each word and a page that uses it (外来电: the answer's key findings and caveats)
TERMS = {"深圳": "answer", "外来电": "answer", "能耗": "glossary"}


@pytest.fixture(scope="module")
def search(html_dir, browser):
    with chromium.served(html_dir) as base:

        def query(word: str) -> list[str]:
            tab = browser.new_page()
            try:
                tab.goto(f"{base}zh/search.html?q={quote(word)}", wait_until="load")
                return [h.split("?")[0].split("#")[0] for h in tab.evaluate(SEARCH_RESULTS)]
            finally:
                tab.close()

        yield query


@pytest.mark.parametrize("word", TERMS)
def test_chinese_search_finds_the_plans_words(search, word):
    found = search(word)
    assert f"{TERMS[word]}.html" in found, (word, found)


def test_chinese_search_finds_a_phrase_of_several_words(search):
    assert "answer.html" in search("深圳外来电")
    assert search("琵琶鲸鱼") == []  # words the book does not use find nothing


# Words a Chinese policy reader would not write, with the plan's or the statistics' own form beside them.
RETIRED = {"外调电": "外来电", "太瓦时": "亿千瓦时", "百万吨": "万吨", "本书": "本报告", "具名假设": "参数假设"}


def glossary_terms() -> list[tuple[str, str]]:
    """(Chinese term, English term) of every entry of the Chinese glossary (the termbase)."""
    text = (locations.BOOK / "zh" / "glossary.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    out = []
    for line, definition in zip(lines, lines[1:], strict=False):
        found = re.match(r': <span lang="en">([^<]+)</span>', definition)
        if found:
            out.append((line.split(" · ")[0], found.group(1)))
    return out


@pytest.mark.parametrize("page", ZH_PAGES)
def test_a_chinese_page_uses_the_termbases_chinese_forms(html_dir, page):
    text = prose(_soup(html_dir / "zh" / f"{page}.html").find("article"))
    terms = glossary_terms()
    assert len(terms) >= 40
    for zh, en in terms:
        assert en.lower() not in text.lower(), f"{page}: '{en}' where the termbase says {zh}"
    for old, new in RETIRED.items():
        assert old not in text, f"{page}: '{old}' where a Chinese reader expects {new}"
