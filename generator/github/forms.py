"""Issue forms for members who don't edit YAML: their definitions, templates and strict parser.

One definition per form drives both sides, so they cannot drift apart:

* ``template(form)`` writes ``.github/ISSUE_TEMPLATE/<name>.yml`` (Chinese first, English
  after each label, as GitHub shows it to the person filling it in);
* ``parse_body(form, text)`` reads the issue body GitHub renders from a submitted form —
  ``### <label>`` then the answer, ``_No response_`` for a blank one — and refuses anything
  it does not expect: an unknown or repeated heading, a missing one, a blank required answer,
  an option that is not offered, an unticked required box. Each refusal names the field by
  the label the person saw.

Field ids are the names ``python -m generator new`` uses (``generator/admin/fields.py``), so
answers are parsed and checked by the same code as its flags.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator.admin.fields import AUDIENCES, CIRCLES, POST_TYPES, VISIBILITY
from generator.i18n import messages

NO_RESPONSE = "_No response_"
CLEAR = "-"  # in the profile form: remove this field
TEMPLATE_DIR = ".github/ISSUE_TEMPLATE"

messages.register({
    "form.unknown-field": (
        "表单里有一个不认识的栏目「{found}」。请不要改动栏目标题(### 开头的行)。",
        "The form has a section \u201c{found}\u201d it does not know. Please don't change the "
        "section headings (the lines starting with ###)."),
    "form.missing-field": (
        "缺少栏目「{label}」。请用表单重新提交,或把这个栏目(`### {label}`)加回去。",
        "The section \u201c{label}\u201d is missing. Submit the form again, or put the "
        "section (`### {label}`) back."),
    "form.repeated-field": ("栏目「{label}」出现了两次;请只保留一个。",
                            "The section \u201c{label}\u201d appears twice; keep only one."),
    "form.stray-text": ("第一个栏目之前有多余的文字;请删掉它。",
                        "There is text before the first section; please remove it."),
    "form.required": ("「{label}」是必填项,请填写。",
                      "\u201c{label}\u201d is required; please fill it in."),
    "form.option": ("「{label}」的值「{found}」不是可选项;可选:{options}。",
                    "\u201c{label}\u201d is \u201c{found}\u201d, which is not one of the "
                    "options: {options}."),
    "form.unchecked": ("请勾选「{label}」中的「{option}」。",
                       "Please tick \u201c{option}\u201d under \u201c{label}\u201d."),
})


@dataclass(frozen=True)
class Field:
    id: str  # the `new` spec name it feeds, or a form-only name (reason, consent, event …)
    zh: str
    en: str
    type: str = "input"  # input | textarea | dropdown | checkboxes
    required: bool = False
    options: tuple[tuple[str, str], ...] = ()  # (value, text shown); checkboxes: ("", text)
    help: str = ""
    placeholder: str = ""
    default: int | None = None  # dropdown: index of the preselected option

    @property
    def label(self) -> str:
        return f"{self.zh} {self.en}"


@dataclass(frozen=True)
class Form:
    name: str  # --form NAME, the template's file name and its label "form:NAME"
    kind: str  # the kind of data file it writes or edits
    zh: str
    en: str
    about: str  # Markdown shown at the top of the form
    fields: tuple[Field, ...] = field(default_factory=tuple)

    @property
    def label(self) -> str:
        return f"form:{self.name}"


def _opts(labels: dict[str, tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((v, f"{v} — {zh} / {en}") for v, (zh, en) in labels.items())


EVENT_KINDS = {"member_event": ("会员活动", "member event"), "salon": ("沙龙", "salon"),
               "annual_gathering": ("年度聚会", "annual gathering"),
               "open_event": ("公开活动", "open event"), "training": ("培训", "training"),
               "visit": ("参访", "visit")}
RSVP_ACTIONS = {"join": ("报名", "sign me up"), "cancel": ("取消报名", "cancel my RSVP")}
_VIS_HELP = "不填则保留原设置 / blank keeps the current setting"
_CLEAR_HELP = f"不改请留空;填 `{CLEAR}` 删除 / leave blank to keep; `{CLEAR}` removes it"


def _contact(kind: str, zh: str, en: str, profile: bool) -> tuple[Field, ...]:
    value = Field(kind, zh, en, help=_CLEAR_HELP if profile else "")
    if not profile:
        return (value,)
    return (value, Field(f"{kind}_visibility", f"{zh}可见范围", f"{en} visibility", "dropdown",
                         options=_opts(VISIBILITY), help=_VIS_HELP))


PRIVACY = ("**请注意**:issue 的内容仓库成员都能看到;不想让他们看到的信息请不要填写。\n"
           "**Note**: everyone with access to this repository can read the issue; leave out "
           "anything they should not see.")

MEMBER = Form("member", "member", "提名新会员", "Propose a new member",
              "由**介绍人**(在籍的菁英会会员)填写,系统会生成候选人文件并开一个 PR,由管理员审核。"
              "不要私自拉人(章程 R2)。\nFilled in by the **sponsor** (an active inner-circle "
              "member); a pull request with the candidate's file follows, for the admins to "
              "review.\n\n" + PRIVACY, (
                  Field("name", "姓名(实名)", "Real name", required=True, placeholder="张伟"),
                  Field("org", "机构/媒体", "Organisation or media outlet", required=True,
                        placeholder="分众传媒"),
                  Field("title", "职位", "Job title"),
                  Field("circle", "圈层", "Circle", "dropdown", True, _opts(CIRCLES),
                        default=0),
                  Field("city", "城市", "City", placeholder="深圳"),
                  Field("github", "候选人的 GitHub 用户名", "Candidate's GitHub login",
                        help="可不填;填了以后候选人可以自己修改资料 / optional; lets them "
                             "edit their own profile"),
                  Field("tags", "标签(用逗号分隔)", "Tags (comma-separated)"),
                  Field("bio", "简介", "Short bio", "textarea"),
                  *_contact("wechat", "微信", "WeChat", False),
                  *_contact("phone", "电话", "Phone", False),
                  *_contact("email", "邮箱", "E-mail", False),
                  Field("reason", "推荐理由", "Why you vouch for them", "textarea", True),
                  Field("consent", "确认", "Confirmation", "checkboxes", True, (
                      ("", "候选人同意被提名,并同意以上资料交给管理员审核 / The candidate agrees "
                           "to be proposed and to the admins reviewing these details"),)),
              ))

PROFILE = Form("profile", "member", "更新我的资料", "Update my profile",
               "只填写要修改的栏目,其余留空。状态、圈层、介绍人、会费等由管理员修改。\n"
               "Fill in only what changes and leave the rest blank. Status, circle, sponsor "
               "and dues are changed by the admins.\n\n" + PRIVACY, (
                   Field("name", "姓名(实名)", "Real name"),
                   Field("org", "机构/媒体", "Organisation or media outlet"),
                   Field("display_name", "群昵称", "Display name", help=_CLEAR_HELP),
                   Field("title", "职位", "Job title", help=_CLEAR_HELP),
                   Field("city", "城市", "City", help=_CLEAR_HELP),
                   Field("tags", "标签(用逗号分隔,整体替换)", "Tags (comma-separated, replaces "
                         "all)", help=_CLEAR_HELP),
                   Field("bio", "简介", "Short bio", "textarea", help=_CLEAR_HELP),
                   *_contact("wechat", "微信", "WeChat", True),
                   *_contact("phone", "电话", "Phone", True),
                   *_contact("email", "邮箱", "E-mail", True),
               ))

EVENT = Form("event", "event", "添加活动", "Add an event",
             "你会成为活动的组织者;其他组织者可以在下面列出。\nYou become the organiser; "
             "name any co-organisers below.", (
                 Field("title", "活动名称", "Title", required=True),
                 Field("start", "开始时间", "Start", required=True,
                       placeholder="2026-12-05 19:30",
                       help="全天活动只写日期 / a date alone makes an all-day event"),
                 Field("end", "结束时间", "End", placeholder="2026-12-05 21:30"),
                 Field("location", "地点", "Place"),
                 Field("address", "地址", "Address"),
                 Field("kind", "活动类型", "Kind of event", "dropdown", True,
                       _opts(EVENT_KINDS), default=0),
                 Field("audience", "面向", "Audience", "dropdown", True, _opts(AUDIENCES),
                       default=1),
                 Field("capacity", "容量(人数)", "Capacity (people)"),
                 Field("co_organizers", "其他组织者(会员 id 或姓名,用逗号分隔)",
                       "Co-organisers (member ids or names, comma-separated)"),
                 Field("description", "活动介绍", "Description", "textarea"),
             ))

RSVP = Form("rsvp", "event", "活动报名", "RSVP to an event",
            "填写活动的 id(网站活动页地址的最后一段,如 `2026-03-salon`)或活动名称。\n"
            "Give the event's id (the last part of its page address, e.g. `2026-03-salon`) or "
            "its title.", (
                Field("event", "活动", "Event", required=True, placeholder="2026-03-salon"),
                Field("action", "报名或取消", "Sign up or cancel", "dropdown", True,
                      _opts(RSVP_ACTIONS), default=0),
            ))

POST = Form("post", "post", "发布供需", "Post to the board",
            "广告帖须附群红包(章程 R3);金额和人数不填则按章程最低标准。\n"
            "An ad comes with a group red packet (charter R3); blank amount and recipients "
            "mean the charter's minimum.", (
                Field("title", "标题", "Title", required=True),
                Field("type", "类型", "Type", "dropdown", True, _opts(POST_TYPES)),
                Field("city", "城市", "City"),
                Field("tags", "标签(用逗号分隔)", "Tags (comma-separated)"),
                Field("expires", "到期日期", "Expires on", placeholder="2026-12-31"),
                Field("audience", "面向", "Audience", "dropdown", True, _opts(AUDIENCES),
                      default=0),
                Field("description", "内容", "Description", "textarea"),
                Field("red_packet_amount", "群红包金额(元,仅广告)",
                      "Red packet amount (yuan, ads only)"),
                Field("red_packet_recipients", "红包个数(仅广告)", "Red packet recipients "
                      "(ads only)"),
            ))

FORMS: dict[str, Form] = {f.name: f for f in (MEMBER, PROFILE, EVENT, RSVP, POST)}


# --------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class FormError:
    key: str
    args: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def make(cls, key: str, **args: Any) -> FormError:
        return cls(key, tuple(sorted(args.items())))

    def render(self, lang: str) -> str:
        return messages.render(self.key, lang, dict(self.args))


HEADING = re.compile(r"^###[ \t]+(.+?)[ \t]*$")
CHECKBOX = re.compile(r"^- \[([ xX])\] (.*)$")


def sections(body: str) -> tuple[list[tuple[str, str]], bool]:
    """(heading, answer) pairs in order, and whether text came before the first heading."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    out: list[tuple[str, list[str]]] = []
    stray = False
    for line in text.split("\n"):
        m = HEADING.match(line)
        if m:
            out.append((m.group(1), []))
        elif out:
            out[-1][1].append(line)
        elif line.strip():
            stray = True
    return [(h, "\n".join(lines).strip()) for h, lines in out], stray


def option_value(f: Field, answer: str) -> str | None:
    """The value of a dropdown answer: the option's full text or its leading value."""
    for value, text in f.options:
        if answer in (text, value) or answer.split(" ", 1)[0] == value:
            return value
    return None


def parse_body(form: Form, body: str) -> tuple[dict[str, str | None], list[FormError]]:
    """Answers by field id (None = left blank) and every problem found, in form order."""
    found, stray = sections(body)
    by_label = {f.label: f for f in form.fields}
    errors: list[FormError] = [FormError.make("form.stray-text")] if stray else []
    raw: dict[str, str] = {}
    for heading, answer in found:
        f = by_label.get(heading)
        if f is None:
            close = difflib.get_close_matches(heading, list(by_label), n=1, cutoff=0.6)
            errors.append(FormError.make("form.unknown-field", found=heading,
                                         suggestion=close[0] if close else ""))
        elif f.id in raw:
            errors.append(FormError.make("form.repeated-field", label=f.label))
        else:
            raw[f.id] = answer
    values: dict[str, str | None] = {}
    for f in form.fields:
        if f.id not in raw:
            errors.append(FormError.make("form.missing-field", label=f.label))
            continue
        answer = raw[f.id]
        if answer in ("", NO_RESPONSE, "None"):
            values[f.id] = None
            if f.required:
                errors.append(FormError.make("form.required", label=f.label))
            continue
        if f.type == "dropdown":
            value = option_value(f, answer)
            if value is None:
                errors.append(FormError.make("form.option", label=f.label, found=answer,
                                             options=" / ".join(v for v, _t in f.options)))
            values[f.id] = value
        elif f.type == "checkboxes":
            ticked = {m.group(2).strip() for line in answer.splitlines()
                      if (m := CHECKBOX.match(line.strip())) and m.group(1) in "xX"}
            for _v, text in f.options:
                if f.required and text not in ticked:
                    errors.append(FormError.make("form.unchecked", label=f.label, option=text))
            values[f.id] = "yes"
        else:
            values[f.id] = answer
    return values, errors


# --------------------------------------------------------------------------- templates


def _element(f: Field) -> dict[str, Any]:
    attrs: dict[str, Any] = {"label": f.label}
    if f.help:
        attrs["description"] = f.help
    if f.type == "dropdown":
        attrs["options"] = [text for _v, text in f.options]
        if f.default is not None:
            attrs["default"] = f.default
    elif f.type == "checkboxes":
        attrs["options"] = [{"label": text, "required": f.required} for _v, text in f.options]
    elif f.placeholder:
        attrs["placeholder"] = f.placeholder
    out: dict[str, Any] = {"type": f.type, "id": f.id, "attributes": attrs}
    if f.required and f.type != "checkboxes":
        out["validations"] = {"required": True}
    return out


def template(form: Form) -> str:
    """The issue form's YAML text (``.github/ISSUE_TEMPLATE/<name>.yml``), deterministic."""
    doc = {
        "name": f"{form.zh} {form.en}",
        "description": f"{form.zh} / {form.en}",
        "title": f"[{form.zh}] ",
        "labels": [form.label],
        "body": [{"type": "markdown", "attributes": {"value": form.about + "\n"}}]
                + [_element(f) for f in form.fields],
    }
    head = ("# 由 `python -m generator from-issue --write-templates` 生成,请勿手改。\n"
            "# Generated by `python -m generator from-issue --write-templates`; edit "
            "generator/github/forms.py instead.\n")
    return head + yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)


def render_body(form: Form, answers: dict[str, str]) -> str:
    """The body GitHub would render for these answers (blank ones: ``_No response_``);
    for tests and for previewing a form."""
    parts = []
    for f in form.fields:
        value = answers.get(f.id) or NO_RESPONSE
        if f.type == "checkboxes" and answers.get(f.id):
            value = "\n".join(f"- [X] {text}" for _v, text in f.options)
        parts.append(f"### {f.label}\n\n{value}")
    return "\n\n".join(parts) + "\n"
