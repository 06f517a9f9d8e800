"""What ``new`` asks for, per kind: one Spec per answer, in the model's order.

A spec knows its label in both languages, how to parse and check an answer, its default
(computed from the charter and the community, never from the clock: ``today`` is the
``--today`` date), when it applies (a red packet only for ads) and where the value goes in the
record. The same specs drive the interactive prompts and the command-line flags, so the two
can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, get_args

from generator.data.models import EventKind, MediaKind

Values = dict[str, Any]


@dataclass(frozen=True)
class Spec:
    name: str  # flag --name-with-hyphens and key in the answers
    path: tuple[str, ...]  # where the value goes in the record
    zh: str
    en: str
    type: str = "text"  # text date when int number choice bool member members list github
    required: bool = False
    choices: tuple[str, ...] = ()
    default: Callable[[Any, Values], Any] | None = None
    when: Callable[[Values], bool] | None = None
    ask: bool = True  # False: flag only, never prompted
    check: str = ""  # extra member check: sponsor, admin, owner
    minimum: float | None = None
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # choice → (zh, en)

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")

    def label(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def applies(self, values: Values) -> bool:
        return self.when is None or self.when(values)


def _today(ctx: Any, _v: Values) -> Any:
    return ctx.today


def _common_city(ctx: Any, _v: Values) -> str | None:
    """The city most members name (ties: alphabetical), so a Shenzhen club defaults to 深圳."""
    cities = Counter(m.city for m in ctx.community().members.values() if m.city)
    best = sorted(cities.items(), key=lambda kv: (-kv[1], kv[0]))
    return best[0][0] if best else None


def _const(value: Any) -> Callable[[Any, Values], Any]:
    return lambda _ctx, _v: value


def _is(name: str, *wanted: Any) -> Callable[[Values], bool]:
    return lambda v: v.get(name) in wanted


def _given(name: str) -> Callable[[Values], bool]:
    return lambda v: v.get(name) not in (None, "", [])


CIRCLES = {"inner": ("菁英会(内院)", "inner circle"), "outer": ("外院", "outer court")}
STATUSES = {"candidate": ("候选,待审核", "proposed, awaiting approval"),
            "active": ("在籍", "active"), "alumni": ("已离开", "alumni"),
            "suspended": ("暂停", "suspended")}
VISIBILITY = {"public": ("公开网站可见", "on the public site"),
              "members": ("仅会员版可见", "members edition only"),
              "private": ("不发布,仅管理员可见", "never published")}
AUDIENCES = {"public": ("公开", "public"), "members": ("仅会员", "members only")}
POST_TYPES = {"offer": ("供给", "offer"), "need": ("需求", "need"),
              "ad": ("广告(须发群红包,R3)", "ad (needs a red packet, R3)")}


def _contact(kind: str, zh: str, en: str, vis: str) -> list[Spec]:
    return [
        Spec(kind, ("contact", kind, "value"), zh, en),
        Spec(f"{kind}_visibility", ("contact", kind, "visibility"), f"{zh}可见范围",
             f"{en} visibility", "choice", choices=tuple(VISIBILITY), labels=VISIBILITY,
             default=_const(vis), when=_given(kind)),
    ]


def _dues_amount(ctx: Any, _v: Values) -> float:
    return float(ctx.charter.dues.amount)


def _joined_year(_ctx: Any, v: Values) -> int | None:
    joined = v.get("joined")
    return joined.year if isinstance(joined, dt.date) else None


MEMBER = [
    Spec("name", ("name",), "姓名(实名)", "real name", required=True),
    Spec("org", ("org",), "机构/媒体", "organisation or media outlet", required=True),
    Spec("display_name", ("display_name",), "群昵称(默认:机构+姓名)",
         "display name (default: organisation+name)", ask=False),
    Spec("title", ("title",), "职位", "job title"),
    Spec("circle", ("circle",), "圈层", "circle", "choice", True, tuple(CIRCLES),
         _const("inner"), labels=CIRCLES),
    Spec("status", ("status",), "状态", "status", "choice", True, tuple(STATUSES),
         _const("candidate"), labels=STATUSES),
    Spec("joined", ("joined",), "入会日期(候选人:推荐日期)", "joined (candidates: proposed on)",
         "date", True, default=_today),
    Spec("founder", ("founder",), "创始人", "founder", "bool", ask=False),
    Spec("sponsor", ("sponsor",), "介绍人(会员 id 或姓名)", "sponsor (member id or name)",
         "member", True, check="sponsor", when=lambda v: not v.get("founder")),
    Spec("approved_by", ("approved_by",), "审核管理员(id,用逗号分隔)",
         "approved by (admin ids, comma-separated)", "members", True, check="admin",
         when=lambda v: v.get("status") == "active" and not v.get("founder")),
    Spec("dues_paid", ("dues", "0", "paid"), "首年会费缴纳日期(未缴请留空)",
         "first dues paid on (blank if not yet)", "date",
         when=lambda v: v.get("status") == "active" and v.get("circle") == "inner"),
    Spec("dues_amount", ("dues", "0", "amount"), "会费金额", "dues amount", "number",
         default=_dues_amount, when=_given("dues_paid"), minimum=0),
    Spec("dues_year", ("dues", "0", "year"), "会费年度", "dues year", "int",
         default=_joined_year, when=_given("dues_paid"), ask=False),
    Spec("github", ("github",), "GitHub 用户名(用于本人编辑资料)",
         "GitHub login (lets the member edit their own file)", "github"),
    Spec("github_id", ("github_id",), "GitHub 数字 id", "numeric GitHub id", "int",
         ask=False, minimum=1),
    Spec("city", ("city",), "城市", "city", default=_common_city),
    Spec("tags", ("tags",), "标签(用逗号分隔)", "tags (comma-separated)", "list"),
    Spec("bio", ("bio",), "简介", "short bio"),
    *_contact("wechat", "微信", "WeChat", "members"),
    *_contact("phone", "电话", "phone", "private"),
    *_contact("email", "邮箱", "e-mail", "members"),
]

EVENT = [
    Spec("title", ("title",), "活动名称", "title", required=True),
    Spec("start", ("start",), "开始(2026-12-05 或 2026-12-05 19:30)",
         "start (2026-12-05 or 2026-12-05 19:30)", "when", True),
    Spec("end", ("end",), "结束(可留空)", "end (optional)", "when"),
    Spec("location", ("location", "name"), "地点", "place"),
    Spec("address", ("location", "address"), "地址", "address", when=_given("location")),
    Spec("location_city", ("location", "city"), "地点所在城市", "city of the place",
         default=_common_city, when=_given("location")),
    Spec("kind", ("kind",), "活动类型", "kind of event", "choice", True,
         get_args(EventKind), _const("member_event")),
    Spec("audience", ("audience",), "面向", "audience", "choice", True, tuple(AUDIENCES),
         _const("members"), labels=AUDIENCES),
    Spec("capacity", ("capacity",), "容量(人数)", "capacity (people)", "int", minimum=1),
    Spec("organizers", ("organizers",), "组织者(会员 id,用逗号分隔)",
         "organisers (member ids, comma-separated)", "members", check="owner"),
    Spec("rsvp", ("rsvp",), "已报名(会员 id)", "RSVPs (member ids)", "members", ask=False),
    Spec("description", ("description",), "活动介绍", "description"),
    Spec("rrule", ("recurrence", "rrule"), "重复规则 RRULE", "RRULE recurrence", ask=False),
]

MEDIA = [
    Spec("title", ("title",), "资源名称", "title", required=True),
    Spec("owner", ("owner",), "负责人(会员 id 或姓名)", "owner (member id or name)", "member",
         True, check="owner"),
    Spec("kind", ("kind",), "媒体类型", "kind of medium", "choice", True, get_args(MediaKind)),
    Spec("city", ("city",), "城市", "city", required=True, default=_common_city),
    Spec("locations", ("locations",), "点位(用逗号分隔)", "locations (comma-separated)", "list"),
    Spec("price_min", ("price", "min"), "最低价格(元)", "lowest price", "number", minimum=0),
    Spec("price_max", ("price", "max"), "最高价格(元)", "highest price", "number", minimum=0,
         when=_given("price_min")),
    Spec("price_unit", ("price", "unit"), "计价单位(如 元/周/屏)", "price unit (e.g. 元/周/屏)",
         when=_given("price_min")),
    Spec("availability", ("availability",), "档期", "availability"),
    Spec("audience", ("audience",), "面向", "audience", "choice", True, tuple(AUDIENCES),
         _const("public"), labels=AUDIENCES),
    Spec("tags", ("tags",), "标签(用逗号分隔)", "tags (comma-separated)", "list"),
    Spec("description", ("description",), "介绍", "description"),
    Spec("updated", ("updated",), "更新日期", "updated on", "date", default=_today, ask=False),
]

CLIENT = [
    Spec("brand", ("brand",), "品牌/客户", "brand", required=True),
    Spec("owner", ("owner",), "对接人(会员 id 或姓名)", "relationship owner (member id or name)",
         "member", True, check="owner"),
    Spec("industry", ("industry",), "行业", "industry", required=True),
    Spec("need", ("need",), "需求", "need", required=True),
    Spec("city", ("city",), "城市", "city", default=_common_city),
    Spec("budget", ("budget",), "预算", "budget"),
    Spec("since", ("since",), "合作始于", "client since", "date", default=_today),
    Spec("tags", ("tags",), "标签(用逗号分隔)", "tags (comma-separated)", "list"),
    Spec("notes", ("notes",), "备注", "notes"),
]

_ad = _is("type", "ad")

POST = [
    Spec("title", ("title",), "标题", "title", required=True),
    Spec("type", ("type",), "类型", "type", "choice", True, tuple(POST_TYPES), labels=POST_TYPES),
    Spec("owner", ("owner",), "发布人(会员 id 或姓名)", "posted by (member id or name)",
         "member", True, check="owner"),
    Spec("posted", ("posted",), "发布日期", "posted on", "date", True, default=_today),
    Spec("expires", ("expires",), "到期日期", "expires on", "date"),
    Spec("audience", ("audience",), "面向", "audience", "choice", True, tuple(AUDIENCES),
         _const("public"), labels=AUDIENCES),
    Spec("city", ("city",), "城市", "city", default=_common_city),
    Spec("tags", ("tags",), "标签(用逗号分隔)", "tags (comma-separated)", "list"),
    Spec("description", ("description",), "内容", "description"),
    Spec("red_packet_amount", ("red_packet", "amount"), "群红包金额(元)",
         "red packet amount (yuan)", "number", True, minimum=0, when=_ad,
         default=lambda ctx, _v: float(ctx.charter.red_packet.min_amount)),
    Spec("red_packet_recipients", ("red_packet", "recipients"), "红包个数(人)",
         "red packet recipients", "int", True, minimum=1, when=_ad,
         default=lambda ctx, _v: ctx.charter.red_packet.min_recipients),
    Spec("red_packet_sent", ("red_packet", "sent"), "红包发出日期", "red packet sent on",
         "date", default=lambda _ctx, v: v.get("posted"), when=_ad),
]

SPECS: dict[str, list[Spec]] = {"member": MEMBER, "event": EVENT, "media": MEDIA,
                                "client": CLIENT, "post": POST}
KIND_LABELS = {"member": ("会员", "member"), "event": ("活动", "event"),
               "media": ("媒体资源", "media resource"), "client": ("客户", "client"),
               "post": ("供需帖", "board post")}


def all_flags() -> dict[str, list[tuple[str, Spec]]]:
    """flag name → [(kind, spec)], for registering every flag once on the parser."""
    out: dict[str, list[tuple[str, Spec]]] = {}
    for kind, specs in SPECS.items():
        for s in specs:
            out.setdefault(s.name, []).append((kind, s))
    return out


def assemble(kind: str, values: Values) -> dict[str, Any]:
    """Put the answers where they belong in the record (``("dues", "0", "paid")`` is the
    first entry of the ``dues`` list). A location with only a name stays a plain string."""
    data: dict[str, Any] = {}
    for s in SPECS[kind]:
        v = values.get(s.name)
        if v is None or v == [] or not s.applies(values):
            continue
        cur: Any = data
        for i, key in enumerate(s.path[:-1]):
            nxt_is_list = s.path[i + 1].isdigit()
            if key.isdigit():
                idx = int(key)
                while len(cur) <= idx:
                    cur.append({})
                cur = cur[idx]
            else:
                cur = cur.setdefault(key, [] if nxt_is_list else {})
        cur[s.path[-1]] = v
    loc = data.get("location")
    if isinstance(loc, dict) and set(loc) == {"name"}:
        data["location"] = loc["name"]
    return data
