"""Words for matching: jieba segmentation, stop words, tags, cities and media kinds.

Why a module of its own: every candidate and every need is reduced to the same four kinds of
terms (tags, keywords, city, media kind), and the rules for what counts as a word must be one
rule, or a need and an offer that say the same thing would be cut differently.

* Keywords come from ``jieba.lcut`` (precise mode, with HMM so place names such as 车公庙 stay
  whole). Single characters, numbers and a short list of words every post in an advertising
  community uses (广告, 资源, 寻找 …) are dropped; city names are dropped too, because "same
  city" is its own, deliberately weak, signal.
* jieba is loaded once per process. Text is split into the same blocks jieba splits on
  internally and each block's words are cached, so repeated phrases cost nothing.
* Media kinds asked for are read from words (电梯/梯媒/楼宇 → elevator, 地铁 → metro …).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass

from generator import i18n
from generator.data.kinds import words

# Words that say nothing about what is needed or offered in this community: every post has them.
STOP_WORDS: frozenset[str] = frozenset("""
    广告 资源 媒体 寻找 需要 需求 求购 提供 合作 公司 我们 你们 客户 可以 一个 进行
    相关 以及 欢迎 联系 品牌 投放 推广 项目 服务 优质 价格 长期 预算 有意 私信 档期
    可议 左右 以上 以下 万元 元左右 如果 或者 还是 没有 什么 这个 那个 已经 希望 目前
    现在 主要 方面 其他 其它 资源整合 对接 配合 适合 面向 覆盖 周边 欢迎 咨询 详询 合适
    靠谱 优先 负责 负责人 经验 从业 专注 擅长 行业 年份 每天 每周 每月 全年 一起 大家
    朋友 群友 介绍 帮忙 推荐 同行 渠道 供应 承接 承办 代理 一手 集团 会员 分公司 总部
    时间 方式 要求 支持 包括 提前 熟悉 能力 工作 情况 效果 数量 规模 城市 本地化 the
    and for with from our your you are can ads media resource resources need needs
    offer
""".split())

# Media kinds (generator.data.models.MediaKind) and the words that ask for them.
KIND_WORDS: dict[str, tuple[str, ...]] = {
    "elevator": ("电梯", "梯媒", "楼宇", "电梯屏", "框架", "楼宇媒体", "电梯媒体", "电梯广告"),
    "metro": ("地铁", "轨道交通", "轻轨", "地铁站", "地铁广告"),
    "airport": ("机场", "航站楼", "航班", "机场广告"),
    "outdoor": ("户外", "大牌", "广告牌", "户外大屏", "户外广告", "候车亭", "公交站", "高炮",
                "户外媒体", "墙体", "灯杆"),
    "cinema": ("影院", "电影院", "映前", "映前广告", "影院广告"),
    "digital": ("程序化", "信息流", "搜索引擎", "数字营销", "程序化购买", "dsp", "sem"),
    "social": ("公众号", "小红书", "抖音", "视频号", "微博", "社交媒体", "社媒", "b站", "短视频"),
    "kol": ("kol", "koc", "达人", "网红", "博主", "主播", "种草", "直播带货"),
    "tv": ("电视", "电视台", "卫视", "地方台", "电视广告"),
    "radio": ("广播", "电台", "交通广播", "广播广告"),
    "print": ("报纸", "都市报", "杂志", "报刊", "纸媒"),
    "event_space": ("场地", "会场", "展厅", "活动场地", "中庭", "快闪", "展位"),
}
WORD_KIND: dict[str, str] = {w: k for k, ws in KIND_WORDS.items() for w in ws}

# City names are a signal of their own; as keywords they would make "same city" count twice.
CITY_WORDS: frozenset[str] = frozenset("""
    深圳 广州 东莞 佛山 珠海 惠州 中山 江门 肇庆 香港 澳门 上海 北京 杭州 成都 重庆
    武汉 南京 苏州 天津 西安 长沙 厦门 福州 青岛 郑州 合肥 宁波 昆明 南宁 海口 三亚
    汕头 湛江 大湾区 湾区 全国
""".split())
CITY_EN = {
    "深圳": "Shenzhen", "广州": "Guangzhou", "东莞": "Dongguan", "佛山": "Foshan",
    "珠海": "Zhuhai", "惠州": "Huizhou", "中山": "Zhongshan", "香港": "Hong Kong",
    "澳门": "Macau", "上海": "Shanghai", "北京": "Beijing", "杭州": "Hangzhou",
    "成都": "Chengdu", "重庆": "Chongqing", "武汉": "Wuhan", "南京": "Nanjing",
    "苏州": "Suzhou", "天津": "Tianjin", "西安": "Xi'an", "长沙": "Changsha", "厦门": "Xiamen",
    "大湾区": "Greater Bay Area", "全国": "nationwide",
}
_EN_CITY = {en.lower().replace(" ", ""): zh for zh, en in CITY_EN.items()}

_BLOCK = re.compile(r"[\u4e00-\u9fffa-zA-Z0-9+#&._%\-]+")
_WORDY = re.compile(r"[\u4e00-\u9fffa-zA-Z]")
_NUMBERISH = re.compile(r"^[0-9.,%+\-_#&]*[a-zA-Z]?[0-9.,%+\-_#&]*$")


@functools.lru_cache(maxsize=1)
def _jieba() -> object:
    """Import and initialise jieba once, quietly (it logs its dictionary load on stderr)."""
    import jieba  # type: ignore[import-untyped]

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@functools.lru_cache(maxsize=200_000)
def _block_words(block: str) -> tuple[str, ...]:
    jieba = _jieba()
    return tuple(jieba.lcut(block))  # type: ignore[attr-defined]


def segment(text: str | None) -> list[str]:
    """All words of ``text`` as jieba cuts them, as written, in order, unfiltered."""
    if not text:
        return []
    out: list[str] = []
    for block in _BLOCK.findall(text):
        out.extend(_block_words(block))
    return out


@dataclass(frozen=True)
class Terms:
    """What one text gives matching: keywords (lowercased, in order of first appearance),
    how ASCII ones were written, and the media kinds its words name."""

    words: tuple[str, ...] = ()
    surface: tuple[tuple[str, str], ...] = ()
    kinds: frozenset[str] = frozenset()


@functools.lru_cache(maxsize=200_000)
def _block_terms(block: str) -> Terms:
    raw = _block_words(block)
    words = tuple(dict.fromkeys(w.lower() for w in raw if is_keyword(w.lower())))
    surface = tuple((w.lower(), w) for w in raw if w.lower() != w and w.lower() in words)
    kinds = frozenset(kinds_in(raw))
    return Terms(words, surface, kinds)


def terms(texts: Iterable[str | None]) -> Terms:
    """Keywords, their written forms and media kinds of several texts, in order. Each block
    of text between punctuation is analysed once per process (jieba cuts those blocks
    independently, so caching them changes nothing but the time)."""
    words: list[str] = []
    surface: list[tuple[str, str]] = []
    kinds: set[str] = set()
    for t in texts:
        if t:
            for block in _BLOCK.findall(t):
                bt = _block_terms(block)
                words.extend(bt.words)
                surface.extend(bt.surface)
                kinds.update(bt.kinds)
    return Terms(tuple(dict.fromkeys(words)), tuple(surface), frozenset(kinds))


def is_keyword(word: str) -> bool:
    """A word (lowercased) worth matching on: two characters or more, not a number, not a
    stop word, not a city."""
    if len(word) < 2 or not _WORDY.search(word) or _NUMBERISH.match(word):
        return False
    return word not in STOP_WORDS and word not in CITY_WORDS


def keywords(texts: Iterable[str | None]) -> set[str]:
    """The set of keywords in several texts (title, description, bio, locations …)."""
    return set(terms(texts).words)


def norm_tag(tag: str) -> str:
    """Tags compare case- and space-insensitively (小红书 == 小红书 , KOL == kol)."""
    return "".join(tag.split()).lower()


def tag_words(tags: Iterable[str]) -> set[str]:
    """Keywords inside tags, so a tag 电梯 meets the word 电梯 in someone's description."""
    return keywords(tags)


def kinds_in(words: Iterable[str]) -> set[str]:
    """Media kinds named by any of ``words`` (already segmented or whole tags)."""
    out = set()
    for w in words:
        k = WORD_KIND.get(w.lower())
        if k is not None:
            out.add(k)
    return out


@functools.lru_cache(maxsize=4096)
def norm_city(city: str | None) -> str | None:
    """深圳市 / 深圳 / Shenzhen all become the same key (the Chinese name, for the cities we
    know in both scripts); None when no city is given."""
    if not city or not city.strip():
        return None
    c = "".join(city.split())
    if c.endswith("市") and len(c) > 2:
        c = c[:-1]
    return _EN_CITY.get(c.lower(), c.lower())


def city_label(city: str, lang: str) -> str:
    """How a city is named in a reason: as written in Chinese, in English where we know the
    name, romanised with pypinyin otherwise."""
    c = city.strip()
    if lang == "zh" or c.isascii():
        return c
    c = c[:-1] if c.endswith("市") and len(c) > 2 else c
    return CITY_EN.get(c) or _romanise(c)


@functools.lru_cache(maxsize=1024)
def _romanise(text: str) -> str:
    from pypinyin import lazy_pinyin  # imported only when an English page needs it

    return "".join(lazy_pinyin(text)).capitalize()


def kind_label(kind: str, lang: str) -> str:
    """A media kind as a reason names it (the catalogue's ``reasons.kind.*``)."""
    key = i18n.dynamic("reasons.kind.", kind, optional=True)
    return i18n.text(lang, key) if key is not None else words(kind)  # a club's own kind
