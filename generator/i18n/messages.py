"""Every user-facing message, in Chinese and English.

Each message says what was found, what is expected and how to fix it; the file, line and
rule id are added by the reporter, the charter clause (quoted in its original language) by
the problem itself. Keys are stable: tests snapshot them.
"""

from __future__ import annotations

from typing import Any

M: dict[str, tuple[str, str]] = {
    # reporter
    "sev.error": ("错误", "error"),
    "sev.warning": ("警告", "warning"),
    "summary": ("共 {errors} 个错误,{warnings} 个警告。", "{errors} error(s), {warnings} warning(s)."),
    "quote": ("(章程 {id}「{title}」:{text})", "(charter {id} \u201c{title}\u201d: {text})"),
    "hint.did-you-mean": ("是不是想写 `{suggestion}`?", "Did you mean `{suggestion}`?"),
    # loader
    "io": ("无法读取文件:{detail}。", "Cannot read the file: {detail}."),
    "id.filename": (
        "文件名 `{stem}` 不是合法的 id:只能用小写英文字母、数字和连字符(如拼音 `zhang-wei`)。"
        "请把文件改名为 `{suggestion}.yml`。",
        "The file name `{stem}` is not a valid id: use lowercase ASCII letters, digits and "
        "hyphens (e.g. pinyin `zhang-wei`). Rename the file to `{suggestion}.yml`."),
    "id.duplicate": (
        "id `{id}` 已被 {other} 使用;每个 id 只能有一个文件。请删除或改名其中一个。",
        "The id `{id}` is already used by {other}; one file per id. Remove or rename one."),
    "yaml.size": (
        "文件有 {size} 字节,超过上限 {limit} 字节。请拆分或精简内容(上限见章程 max_file_bytes)。",
        "The file has {size} bytes, over the limit of {limit}. Shorten it (limit: charter "
        "max_file_bytes)."),
    "yaml.utf8": (
        "文件不是有效的 UTF-8 编码(此处有字节 {byte})。请用 UTF-8 重新保存(不要用 GBK)。",
        "The file is not valid UTF-8 (byte {byte} here). Save it again as UTF-8 (not GBK)."),
    "yaml.syntax": (
        "YAML 语法错误:{detail}。请检查缩进、冒号后的空格和引号是否成对。",
        "YAML syntax error: {detail}. Check indentation, the space after each colon and "
        "matching quotes."),
    "yaml.empty": ("文件是空的;需要一个 `键: 值` 的映射。请参照示例文件填写。",
                   "The file is empty; a mapping of `key: value` is expected. Start from a "
                   "sample file."),
    "yaml.top": (
        "文件顶层是{found},应为 `键: 值` 的映射。请去掉开头的 `-` 或多余内容。",
        "The top level is a {found}; a mapping of `key: value` is expected. Remove the "
        "leading `-` or stray text."),
    "yaml.alias": (
        "不允许使用 YAML 锚点/别名(`&`、`*`)。请直接写出值。",
        "YAML anchors and aliases (`&`, `*`) are not allowed. Write the value out."),
    "yaml.depth": ("嵌套超过 {limit} 层。数据文件不需要这么深的结构;请检查缩进或括号是否多余。",
                   "Nested more than {limit} levels deep. Data files need no such depth; check "
                   "the indentation and brackets."),
    "yaml.merge": ("不允许使用合并键 `<<`。请直接写出各字段。",
                   "Merge keys `<<` are not allowed. Write each field out."),
    "yaml.tag": ("不允许使用标签 `{tag}`。请删除它,只写普通的值。",
                 "The tag `{tag}` is not allowed. Remove it and write a plain value."),
    "yaml.key": ("键必须是普通文字,不能是列表或映射。请改写这一行。",
                 "Keys must be plain text, not a list or a mapping. Rewrite this line."),
    "yaml.duplicate-key": (
        "键 `{name}` 重复(第一次出现在第 {first} 行)。请删除其中一个。",
        "Duplicate key `{name}` (first on line {first}). Remove one of them."),
    # configuration
    "config.missing": ("找不到章程文件 content/charter.yml;请在仓库根目录运行或用 --root 指定。",
                       "No charter file content/charter.yml; run from the repository root or "
                       "pass --root."),
    "config.timezone": ("时区 `{found}` 无效;请写 IANA 时区名,如 Asia/Shanghai。",
                        "Unknown time zone `{found}`; use an IANA name such as Asia/Shanghai."),
    "config.admin-active": ("管理员 `{id}` 的状态是 {status};管理员必须是在籍(active)会员。"
                            "请把 `{id}` 从章程的 admins 中移除,或更新其状态。",
                            "Admin `{id}` has status {status}; admins must be active members. "
                            "Remove `{id}` from the charter's admins, or update the status."),
    "founder.not-in-charter": (
        "`{id}` 标记为创始人(founder: true),但不在章程的 founders 名单中。请改为 false 或由管理员更新章程。",
        "`{id}` is marked founder: true but is not in the charter's founders list. Set it to "
        "false, or ask an admin to update the charter."),
    "founder.not-marked": ("章程列出 `{id}` 为创始人,但 {path} 里没有 `founder: true`。"
                           "请在该文件加上 `founder: true`,或由管理员从章程 founders 中移除。",
                           "The charter lists `{id}` as a founder, but {path} lacks "
                           "`founder: true`. Add it there, or an admin removes `{id}` from the "
                           "charter's founders."),
    # schema
    "schema.missing": ("缺少必填字段 `{name}`(位置 {field})。请补上。",
                       "Missing required field `{name}` ({field}). Add it."),
    "schema.unknown": (
        "未知字段 `{field}`。请检查拼写或删除它;可用的字段:{allowed}。",
        "Unknown field `{field}`. Check the spelling or remove it; allowed fields: {allowed}."),
    "schema.enum": ("`{field}` 的值 `{found}` 不在允许范围内;可选:{allowed}。",
                    "`{field}` is `{found}`, which is not allowed; expected one of: {allowed}."),
    "schema.int": ("`{field}` 应为整数,实际为 `{found}`。", "`{field}` must be a whole number, "
                   "got `{found}`."),
    "schema.number": ("`{field}` 应为数字,实际为 `{found}`。", "`{field}` must be a number, got "
                      "`{found}`."),
    "schema.bool": ("`{field}` 应为 true 或 false,实际为 `{found}`。",
                    "`{field}` must be true or false, got `{found}`."),
    "schema.date": ("`{field}` 应为日期(如 2026-12-05),实际为 `{found}`。",
                    "`{field}` must be a date such as 2026-12-05, got `{found}`."),
    "schema.datetime": ("`{field}` 应为日期或日期时间(如 \"2026-12-05 19:30\"),实际为 `{found}`。",
                        "`{field}` must be a date or a date-time such as \"2026-12-05 19:30\", "
                        "got `{found}`."),
    "schema.string": ("`{field}` 应为一段文字,实际为 {found}。",
                      "`{field}` must be text, got {found}."),
    "schema.list": ("`{field}` 应为列表(如 `[a, b]` 或每行以 `- ` 开头)。",
                    "`{field}` must be a list (`[a, b]`, or one `- ` item per line)."),
    "schema.mapping": ("`{field}` 应为 `键: 值` 的映射。", "`{field}` must be a mapping of "
                       "`key: value`."),
    "schema.pattern": ("`{field}` 的值 `{found}` 格式不对(应匹配 {pattern})。",
                       "`{field}` is `{found}`, which does not match {pattern}."),
    "schema.too-short": ("`{field}` 不能为空。", "`{field}` must not be empty."),
    "schema.too-long": ("`{field}` 太长(最多 {max_length} 个字符)。",
                        "`{field}` is too long (at most {max_length} characters)."),
    "schema.too-few": ("`{field}` 至少需要 {min_length} 项。",
                       "`{field}` needs at least {min_length} item(s)."),
    "schema.min": ("`{field}` 为 {found},不能小于 {ge}。", "`{field}` is {found}; it must be at "
                   "least {ge}."),
    "schema.max": ("`{field}` 为 {found},不能大于 {le}。", "`{field}` is {found}; it must be at "
                   "most {le}."),
    "schema.other": ("`{field}`:{detail}。", "`{field}`: {detail}."),
    # references
    "ref.member": ("`{field}` 引用了会员 `{found}`,但 members/ 下没有 {found}.yml。"
                   "请写已有会员的 id(members/ 下的文件名,不含 .yml)。",
                   "`{field}` names member `{found}`, but there is no members/{found}.yml. "
                   "Write an existing member's id (a file name in members/, without .yml)."),
    "ref.duplicate": ("`{field}` 中 `{found}` 出现了不止一次。请删除重复项。",
                      "`{found}` appears more than once in `{field}`. Remove the duplicate."),
    # R1
    "R1.display-name": (
        "群昵称 `{found}` 不符合章程格式 `{format}`,应为 `{expected}`。"
        "请改成该写法,或删除 display_name 让它自动生成。",
        "Display name `{found}` does not follow the charter's format `{format}`"
        "; expected `{expected}`. Use that, or remove display_name to derive it."),
    "R1.real-name": ("`name` 应为实名,`{found}` 看起来不是(含数字或与机构同名)。请填写真实姓名。",
                     "`name` must be a real name; `{found}` does not look like one (digits, or "
                     "the organisation's name). Write the person's real name."),
    # C3 / R2
    "C3.founder-sponsor": ("创始人不需要介绍人;请删除 `sponsor`。",
                           "Founders have no sponsor; remove `sponsor`."),
    "C3.sponsor-missing": ("非创始人必须有介绍人:请添加 `sponsor: <会员id>`(一位在籍的菁英会会员)。",
                           "Every member who is not a founder needs a sponsor: add `sponsor: "
                           "<member id>` (an active inner-circle member)."),
    "C3.sponsor-self": ("不能做自己的介绍人。请填写另一位菁英会会员。",
                        "A member cannot sponsor themself. Name another inner-circle member."),
    "C3.sponsor-active": (
        "介绍人 `{sponsor}` 在本人入会时({joined})不是在籍的菁英会会员(圈层 {circle},状态 {status},"
        "入会 {sponsor_joined})。请换一位当时在籍的菁英会会员做介绍人。",
        "Sponsor `{sponsor}` was not an active inner-circle member when this member joined "
        "({joined}): circle {circle}, status {status}, joined {sponsor_joined}. Name a "
        "sponsor who was."),
    "C3.chain-loop": ("介绍人链条形成了循环:{chain}。请修正其中一位的 sponsor。",
                      "The sponsor chain loops: {chain}. Fix one of these sponsors."),
    "C3.chain-founder": ("介绍人链条 {chain} 追溯不到创始人(止于 `{top}`,其不是创始人)。"
                         "请修正链条上的 sponsor,使它最终通向一位创始人。",
                         "The sponsor chain {chain} does not lead back to a founder (it stops "
                         "at `{top}`, who is not one). Fix a sponsor on the chain so that it "
                         "ends at a founder."),
    "R2.not-admin": ("`approved_by` 中的 `{found}` 不是管理员。请改为确认此事的管理员(管理员:{admins})。",
                     "`{found}` in `approved_by` is not an admin. Name the admin who approved "
                     "(admins: {admins})."),
    "R2.unapproved": ("在籍会员必须经管理员确认:请添加 `approved_by: [管理员id]`(管理员:{admins}),"
                      "或先把状态设为 candidate。",
                      "An active member must be approved by an admin: add `approved_by: "
                      "[admin id]` (admins: {admins}), or set the status to candidate."),
    # C1
    "C1.cap": ("菁英会在籍人数 {count} 超过上限 {cap}(超出 {over} 人)。请把此人设为 candidate,或由管理员调整。",
               "{count} active inner-circle members exceed the cap of {cap} (by {over}). Keep "
               "this person a candidate, or ask the admins."),
    "C1.minimum": ("菁英会在籍人数 {count} 低于下限 {minimum}。这是提醒:请在每年吸纳时补充会员。",
                   "{count} active inner-circle members is below the minimum of {minimum}. "
                   "A reminder: admit new members at the yearly intake."),
    # C2
    "C2.duplicate": ("{year} 年的会费记录重复(第一次在第 {first} 行)。请合并为一条。",
                     "Dues for {year} are recorded twice (first on line {first}). Keep one."),
    "C2.before-joined": ("{year} 年的会费早于入会日期 {joined}。请检查年份。",
                         "Dues for {year} predate joining on {joined}. Check the year."),
    "C2.amount": ("{year} 年会费 {amount} 低于章程规定的 {expected} {currency}。如属减免请在 note 中注明。",
                  "Dues for {year}: {amount} is below the charter's {expected} {currency}. Add a "
                  "note if it was a waiver."),
    "C2.outer": ("外院成员没有会费;`dues` 只适用于菁英会会员。请删除 `dues`,或把 circle 改为 inner。",
                 "Outer-court members pay no dues; `dues` applies to the inner circle only. "
                 "Remove `dues`, or set `circle: inner`."),
    "C2.lapsed": ("{year} 年会费未记录(应于 {due} 缴纳,宽限 {grace} 天已过)。请登记缴费,或由管理员将状态改为 alumni。",
                  "No dues recorded for {year} (due {due}, {grace}-day grace period over). "
                  "Record the payment, or an admin moves the member to alumni."),
    # C5
    "C5.intake": ("{year} 年吸纳入会 {count} 人,超过每年名额 {quota}。请推迟到下一年入会。",
                  "{count} inner-circle admissions in {year} exceed the yearly quota of "
                  "{quota}. Admit this member next year."),
    # status
    "status.left-before": ("离开日期 left {left} 早于入会日期 joined {joined}。请更正其中一个日期。",
                           "Left on {left}, before joining on {joined}. Correct one of the "
                           "dates."),
    "status.left-status": ("只有 alumni(已退出)才有 `left` 日期,当前状态是 {status}。"
                           "请删除 `left`,或把状态改为 alumni。",
                           "Only alumni have a `left` date; the status is {status}. Remove "
                           "`left`, or set the status to alumni."),
    "status.future": ("在籍(active)会员的入会日期 {joined} 晚于今天 {today}。请核对日期;"
                      "尚未入会的人状态应为 candidate。",
                      "An active member joined on {joined}, after today ({today}). Check the "
                      "date; someone not admitted yet has the status candidate."),
    # events
    "event.mixed": ("开始和结束要么都是日期(全天活动,如 `2026-05-01`),要么都是日期时间"
                    "(如 `2026-05-01 19:00`)。请把 start 和 end 写成同一种。",
                    "Start and end must both be dates (all-day, like `2026-05-01`) or both "
                    "date-times (like `2026-05-01 19:00`). Write both the same way."),
    "event.end-before": ("结束时间 {end} 不晚于开始时间 {start}。请检查日期和时间。",
                         "The end {end} is not after the start {start}. Check the date and time."),
    "event.capacity": ("报名 {count} 人,超过容量 {capacity}。请移除多余报名或提高容量。",
                       "{count} RSVPs exceed the capacity of {capacity}. Remove the extra "
                       "RSVPs or raise the capacity."),
    "event.cancelled-attended": ("已取消的活动不应有出席记录。请删除 attended。",
                                 "A cancelled event has no attendance. Remove `attended`."),
    "event.future-attended": ("活动尚未开始(今天 {today}),却已有出席记录 attended。"
                              "请在活动之后再登记,或检查活动日期。",
                              "The event has not happened yet (today {today}) but has "
                              "`attended`. Record attendance afterwards, or check the date."),
    "event.rrule": ("重复规则 `{found}` 无效({detail})。请按 RFC 5545 书写,如 "
                    "FREQ=MONTHLY;BYDAY=3TH;COUNT=12。",
                    "The recurrence rule `{found}` is invalid ({detail}). Write an RFC 5545 "
                    "rule such as FREQ=MONTHLY;BYDAY=3TH;COUNT=12."),
    "C7.gathering": ("年度聚会容量为 {capacity},章程要求至少 {minimum} 人。请提高 capacity。",
                     "The annual gathering's capacity is {capacity}; the charter asks for at "
                     "least {minimum}. Raise `capacity`."),
    "R4.attendance": ("{year} 年只参加了 {count} 次活动,要求至少 {need} 次。请补登出席记录,或由管理员跟进。",
                      "Attended {count} event(s) in {year}; at least {need} expected. Record "
                      "the attendance, or an admin follows up."),
    # board
    "R3.missing": ("广告帖没有群红包。请添加 `red_packet: {{amount: {amount}, recipients: {recipients}}}`"
                   "(至少 {amount} 元、{recipients} 人)。",
                   "An ad without a red packet. Add `red_packet: {{amount: {amount}, recipients: "
                   "{recipients}}}` (at least {amount} yuan for {recipients} people)."),
    "R3.amount": ("红包金额 {found} 元,低于章程规定的 {amount} 元。请把 `amount` 提高到至少 {amount}。",
                  "The red packet is {found} yuan; the charter asks for at least {amount}. "
                  "Raise `amount` to at least {amount}."),
    "R3.recipients": ("红包 {found} 人可领,少于章程规定的 {recipients} 人。"
                      "请把 `recipients` 提高到至少 {recipients}。",
                      "The red packet is for {found} people; the charter asks for at least "
                      "{recipients}. Raise `recipients` to at least {recipients}."),
    "board.expires": ("到期日 expires {expires} 早于发布日 posted {posted}。请更正其中一个日期。",
                      "Expires on {expires}, before it was posted on {posted}. Correct one of "
                      "the dates."),
    # groups
    "C6.capacity-limit": ("群容量 {capacity} 超过章程规定的每群上限 {limit}。请把 capacity 改为"
                          "不超过 {limit};人更多时开新群。",
                          "Group capacity {capacity} exceeds the charter's limit of {limit} per "
                          "group. Set `capacity` to at most {limit}; open another group for more "
                          "people."),
    "C6.size": ("群人数 {size} 超过容量 {capacity}。请更新人数或开新群。",
                "{size} people exceed the group's capacity of {capacity}. Update the size or "
                "open a new group."),
    "internal": ("检查 {rule_id} 内部出错:{detail}。这是程序的问题,请报告给维护者。",
                 "Check {rule_id} failed internally: {detail}. This is a bug; please report it."),
}


class _Default(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_ZH_WORDS = {"sequence": "列表(以 `-` 开头的行)", "scalar": "单个值"}
"""Words the loader passes in English (``found`` of yaml.top), said in Chinese."""


def joiner(lang: str) -> str:
    """Between two sentences: Chinese full stops need no space."""
    return "" if lang == "zh" else " "


def render(key: str, lang: str, args: dict[str, Any]) -> str:
    zh, en = M.get(key, (key, key))
    if lang == "zh" and key == "yaml.top":
        args = {**args, "found": _ZH_WORDS.get(str(args.get("found")), args.get("found"))}
    text = (zh if lang == "zh" else en).format_map(_Default(args))
    if args.get("suggestion") and key not in ("id.filename", "hint.did-you-mean"):
        text += joiner(lang) + render("hint.did-you-mean", lang,
                                      {"suggestion": args["suggestion"]})
    return text


def register(extra: dict[str, tuple[str, str]]) -> None:
    """Let other modules (ownership, report …) add their messages."""
    for k, v in extra.items():
        if k in M and M[k] != v:  # pragma: no cover - programming error
            raise ValueError(f"message {k} defined twice")
        M[k] = v
