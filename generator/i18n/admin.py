"""Messages of the admin tools (``new``, ``report``), registered with the shared catalogue so
they render in the charter's language like every other message."""

from __future__ import annotations

from generator.i18n import messages

messages.register({
    # new: outcomes
    "new.exists": ("文件 {path} 已存在,不会覆盖。请用 --id 换一个 id,或直接编辑该文件。",
                   "{path} already exists and is never overwritten. Pick another id with --id, "
                   "or edit that file."),
    "new.missing": ("缺少必填项「{label}」:请加参数 {flag}。",
                    "Missing required field \u201c{label}\u201d: pass {flag}."),
    "new.not-for-kind": ("参数 {flag} 不适用于 {kind}。", "{flag} does not apply to a {kind}."),
    "new.bad-flag": ("参数 {flag}:{detail}", "{flag}: {detail}"),
    "new.cancelled": ("输入已结束,已取消,没有写入任何文件。",
                      "Input ended: cancelled, nothing was written."),
    "new.rejected": ("没有写入:这条记录通不过检查(见上)。请修改后重试。",
                     "Nothing written: the record would fail the check (see above). Fix it and "
                     "try again."),
    "new.written": ("已写入 {file}。下一步:git add {file},提交并发起 Pull Request。",
                    "Wrote {file}. Next: git add {file}, commit and open a pull request."),
    "new.intro": ("新建{kind_label}:直接回车使用 [默认值];* 为必填;Ctrl-D 取消。",
                  "New {kind_label}: press Enter for the [default]; * marks required fields; "
                  "Ctrl-D cancels."),
    # new: validation of one answer
    "new.bad.empty": ("不能为空。", "This cannot be empty."),
    "new.bad.date": ("`{found}` 不是日期;请写成 2026-12-05。",
                     "`{found}` is not a date; write it as 2026-12-05."),
    "new.bad.datetime": ("`{found}` 不是日期或时间;请写成 2026-12-05 或 2026-12-05 19:30。",
                         "`{found}` is not a date or time; write 2026-12-05 or "
                         "2026-12-05 19:30."),
    "new.bad.int": ("`{found}` 不是整数。", "`{found}` is not a whole number."),
    "new.bad.number": ("`{found}` 不是数字。", "`{found}` is not a number."),
    "new.bad.min": ("{found} 太小:至少 {min}。", "{found} is too small: at least {min}."),
    "new.bad.choice": ("`{found}` 不是可选项;请从 {choices} 中选一个(也可输入序号)。",
                       "`{found}` is not one of {choices} (a number also works)."),
    "new.bad.bool": ("请回答 y(是)或 n(否)。", "Answer y (yes) or n (no)."),
    "new.bad.pattern": ("`{found}` 格式不对:{hint}。", "`{found}` is not valid: {hint}."),
    "new.bad.member": ("没有 id 或姓名为 `{found}` 的会员。", "No member has the id or name "
                       "`{found}`."),
    "new.bad.ambiguous": ("`{found}` 对应多位会员({ids}),请输入 id。",
                          "`{found}` matches several members ({ids}); type the id."),
    "new.bad.sponsor": ("`{found}` 现在不是在籍的菁英会会员({circle}/{status}),不能做介绍人。",
                        "`{found}` is not an active inner-circle member ({circle}/{status}) and "
                        "cannot sponsor."),
    "new.bad.admin": ("`{found}` 不是管理员;管理员:{admins}。", "`{found}` is not an admin; "
                      "admins: {admins}."),
    "new.bad.owner": ("`{found}` 不是在籍会员(状态 {status}),不能作为负责人。",
                      "`{found}` is not an active member (status {status}) and cannot own "
                      "an entry."),
    "new.bad.before": ("不能早于 {other}。", "It cannot be before {other}."),
    "new.hint.github": ("GitHub 用户名只含字母、数字和连字符", "a GitHub login has letters, "
                        "digits and hyphens"),
    "new.hint.id": ("id 只含小写字母、数字和连字符,如 zhang-wei", "an id has lowercase letters, "
                    "digits and hyphens, like zhang-wei"),
    "new.required": ("必填", "required"),
    "new.tries": ("请重新输入。", "Please try again."),
})
