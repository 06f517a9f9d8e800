"""R2 ownership: every allowed and every refused case of issue 5, in throw-away git repos.

Each test changes a copy of the committed fixture community and asks who may have made that
change. ``found()`` returns (rule, file, line) triples, so a test pins the rule id and the
line an annotation will land on. Logins: wang-jian ``WangJian-SZ`` and chen-jing
``chenjing`` are admins; zhao-min ``zhaomin`` and huang-lei ``huanglei`` are founders;
li-na ``lina`` is an active inner member, zhou-yu ``zhouyu`` an outer one, sun-li
``sunli`` a candidate.
"""


# ruff: noqa: F811
# (the pytest fixtures imported from governance_helpers are parameters below)
from __future__ import annotations

import json
from pathlib import Path

import pytest
from governance_helpers import REPO, TODAY, cli, committed_community, edit, git, repo, write  # noqa: F401

from generator.checks import judge, ownership
from generator.commands.check import collect

LI_NA = "members/li-na.yml"
MEDIA = "resources/media/luohu-elevator.yml"
POST = "resources/board/li-na-offer.yml"
EVENT = "content/events/2026-03-salon.yml"
GROUP = "content/groups/events-group.yml"

Found = list[tuple[str, str, int]]


def found(root: Path, login: str, base: str = "HEAD") -> Found:
    return sorted((p.rule, p.file, p.line)
                  for p in judge.problems_for(str(root), base, login))


def candidate(sponsor: str, status: str = "candidate", extra: str = "") -> str:
    return ("# yaml-language-server: $schema=../schemas/member.schema.json\n"
            "name: 吴芳\norg: 坪山户外\ncircle: inner\n"
            f"status: {status}\njoined: 2026-02-20\nsponsor: {sponsor}\n{extra}")


# --------------------------------------------------------------------------- governance


@pytest.mark.parametrize("rel", ["content/charter.yml", ".github/workflows/x.yml",
                                 "generator/evil.py", "mkdocs.yml", "overrides/main.html",
                                 "members/README.md", "notes.txt"])
def test_governance_files_refused_for_members(repo: Path, rel: str) -> None:
    path = repo / rel
    if path.exists():
        path.write_text(path.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    else:
        write(repo, rel, "x: 1\n")
    assert found(repo, "lina") == [("R2.owner-governance", rel, 1)]


def test_governance_files_allowed_for_admins(repo: Path) -> None:
    edit(repo, "content/charter.yml", "cap: 50", "cap: 60")
    write(repo, ".github/workflows/x.yml", "on: push\n")
    assert found(repo, "chenjing") == []
    assert found(repo, "wangjian-sz") == []  # logins match case-insensitively


def test_member_cannot_make_themselves_admin(repo: Path) -> None:
    edit(repo, "content/charter.yml", "admins: [wang-jian, chen-jing, lin-feng]",
         "admins: [wang-jian, chen-jing, lin-feng, li-na]")
    edit(repo, "members/zhou-yu.yml", "github: zhouyu", "github: zhouyu\nbio: x")
    # the admin list is read from the base: li-na is still not an admin
    assert found(repo, "lina") == [("R2.owner-governance", "content/charter.yml", 1),
                                   ("R2.owner-member", "members/zhou-yu.yml", 10)]


# --------------------------------------------------------------------------- non-members


def test_non_member_changes_nothing(repo: Path) -> None:
    edit(repo, MEDIA, "min: 800", "min: 900")
    write(repo, "members/wu-fang.yml", candidate("li-na", extra="github: wufang\n"))
    # a login that only the change itself introduces is still a stranger
    assert found(repo, "wufang") == [("R2.not-member", "members/wu-fang.yml", 1),
                                     ("R2.not-member", MEDIA, 1)]


def test_ambiguous_login_is_nobody(repo: Path) -> None:
    edit(repo, "members/zhou-yu.yml", "github: zhouyu", "github: LiNa")
    git(repo, "commit", "-qam", "two files claim lina")
    edit(repo, MEDIA, "min: 800", "min: 900")
    assert found(repo, "lina") == [("R2.not-member", MEDIA, 1)]


# --------------------------------------------------------------------------- member files


def test_member_edits_own_profile(repo: Path) -> None:
    edit(repo, LI_NA, "bio: 十年电梯媒体销售经验。", "bio: 十二年电梯媒体经验。\n"
         "contact:\n  wechat: {value: lina-sz, visibility: members}")
    edit(repo, LI_NA, "title: 销售总监", "title: 副总经理")
    assert found(repo, "lina") == []
    assert found(repo, "@LiNa") == []


@pytest.mark.parametrize("old,new,field", [
    ("status: active", "status: alumni\nleft: 2026-02-01", "status"),
    ("circle: inner", "circle: outer", "circle"),
    ("sponsor: zhao-min", "sponsor: huang-lei", "sponsor"),
    ("approved_by: [wang-jian]", "approved_by: [wang-jian, chen-jing]", "approved_by"),
    ("amount: 3000}", "amount: 30000}", "dues"),
    ("joined: 2026-01-10", "joined: 2025-01-10", "joined"),
    ("github: lina", "github: lina\nfounder: true", "founder"),
    ("github: lina", "github: someone-else", "github"),
])
def test_member_cannot_change_admin_fields(repo: Path, old: str, new: str, field: str) -> None:
    edit(repo, LI_NA, old, new)
    line = next(i for i, text in enumerate((repo / LI_NA).read_text().splitlines(), 1)
                if text.startswith(field + ":"))
    got = [f for f in found(repo, "lina") if f[0] == "R2.owner-member-field"]
    assert ("R2.owner-member-field", LI_NA, line) in got


def test_same_value_spelled_differently_is_no_change(repo: Path) -> None:
    edit(repo, LI_NA, "joined: 2026-01-10", 'joined: "2026-01-10"')
    edit(repo, LI_NA, "status: active", "status: 'active'")
    assert found(repo, "lina") == []


def test_member_cannot_edit_someone_elses_file(repo: Path) -> None:
    edit(repo, LI_NA, "title: 销售总监", "title: 实习生")
    assert found(repo, "zhouyu") == [("R2.owner-member", LI_NA, 4)]


def test_admin_may_edit_any_member_field(repo: Path) -> None:
    edit(repo, LI_NA, "status: active", "status: suspended")
    edit(repo, LI_NA, "title: 销售总监", "title: 实习生")
    assert found(repo, "chenjing") == []


def test_deleting_a_member_file_is_for_admins(repo: Path) -> None:
    (repo / "members/zhou-yu.yml").unlink()
    (repo / LI_NA).unlink()
    assert found(repo, "lina") == [("R2.owner-delete", LI_NA, 1),
                                   ("R2.owner-delete", "members/zhou-yu.yml", 1)]
    assert found(repo, "WangJian-SZ") == []


# --------------------------------------------------------------------------- new members


def test_sponsor_proposes_a_candidate(repo: Path) -> None:
    write(repo, "members/wu-fang.yml", candidate("li-na"))
    assert found(repo, "lina") == []
    _com, problems = collect(str(repo), TODAY)
    assert [p for p in problems if p.severity == "error"] == []


def test_sponsor_may_not_admit_directly(repo: Path) -> None:
    write(repo, "members/wu-fang.yml", candidate(
        "li-na", status="active", extra="approved_by: [wang-jian]\nfounder: true\n"))
    assert found(repo, "lina") == [("R2.owner-new-member", "members/wu-fang.yml", 5),
                                   ("R2.owner-new-member", "members/wu-fang.yml", 8),
                                   ("R2.owner-new-member", "members/wu-fang.yml", 9)]


def test_only_the_named_sponsor_may_propose(repo: Path) -> None:
    write(repo, "members/wu-fang.yml", candidate("li-na"))
    assert found(repo, "zhaomin") == [("R2.owner-new-member", "members/wu-fang.yml", 7)]


@pytest.mark.parametrize("login, sponsor, expected", [
    ("zhouyu", "zhou-yu", ("R2.owner-new-member", "members/wu-fang.yml", 7)),  # outer court
    ("sunli", "sun-li", ("R2.standing", "members/wu-fang.yml", 1)),  # a candidate
])
def test_sponsor_must_be_an_active_inner_member(repo: Path, login: str, sponsor: str,
                                                expected: tuple[str, str, int]) -> None:
    write(repo, "members/wu-fang.yml", candidate(sponsor))
    assert found(repo, login) == [expected]


def test_admin_admits_an_active_member(repo: Path) -> None:
    write(repo, "members/wu-fang.yml", candidate(
        "li-na", status="active", extra="approved_by: [chen-jing]\n"))
    assert found(repo, "chenjing") == []


# --------------------------------------------------------------------------- resources


def test_owner_edits_adds_and_deletes_own_resources(repo: Path) -> None:
    edit(repo, MEDIA, "min: 800", "min: 900")
    (repo / POST).unlink()
    write(repo, "resources/board/li-na-need.yml",
          "title: 求机场资源\ntype: need\nowner: li-na\nposted: 2026-02-20\n")
    assert found(repo, "lina") == []


def test_renaming_own_resource_is_allowed(repo: Path) -> None:
    git(repo, "mv", MEDIA, "resources/media/luohu-screens.yml")
    assert found(repo, "lina") == []


def test_others_resources_are_refused(repo: Path) -> None:
    edit(repo, MEDIA, "min: 800", "min: 1")
    (repo / POST).unlink()
    write(repo, "resources/clients/tea.yml",
          "brand: 某茶\nowner: li-na\nindustry: 餐饮\nneed: 投放\n")
    assert found(repo, "zhaomin") == [("R2.owner-delete", POST, 1),
                                      ("R2.owner-resource", "resources/clients/tea.yml", 2),
                                      ("R2.owner-resource", MEDIA, 7)]


def test_owner_cannot_hand_a_resource_over(repo: Path) -> None:
    edit(repo, MEDIA, "owner: li-na", "owner: zhao-min")
    assert found(repo, "lina") == [("R2.owner-resource", MEDIA, 3)]
    assert found(repo, "chenjing") == []


def test_group_admins_edit_their_group(repo: Path) -> None:
    edit(repo, GROUP, "size: 320", "size: 330")
    assert found(repo, "huanglei") == []
    assert found(repo, "lina") == [("R2.owner-resource", GROUP, 4)]


# --------------------------------------------------------------------------- events


def test_organiser_edits_event_and_records_attendance(repo: Path) -> None:
    edit(repo, EVENT, "title: 三月会员沙龙", "title: 三月会员沙龙(改期)")
    edit(repo, EVENT, "rsvp: [li-na]", "rsvp: [li-na]\nattended: [li-na]")
    assert found(repo, "zhaomin") == []


def test_member_adds_and_removes_own_rsvp(repo: Path) -> None:
    edit(repo, EVENT, "rsvp: [li-na]", "rsvp: [li-na, zhou-yu]")
    assert found(repo, "zhouyu") == []
    edit(repo, EVENT, "rsvp: [li-na, zhou-yu]", "rsvp: []")
    assert found(repo, "lina") == []


@pytest.mark.parametrize("new,action", [("rsvp: []", "remove"),
                                        ("rsvp: [li-na, zhou-yu, sun-li]", "add")])
def test_member_cannot_touch_others_rsvp(repo: Path, new: str, action: str) -> None:
    edit(repo, EVENT, "rsvp: [li-na]", new)
    problems = judge.problems_for(str(repo), "HEAD", "zhouyu")
    assert [(p.rule, p.line) for p in problems] == [("R2.owner-rsvp", 8)]
    assert f"not {action}" in problems[0].message("en")


def test_member_cannot_edit_or_attend_others_events(repo: Path) -> None:
    edit(repo, EVENT, "title: 三月会员沙龙", "title: 我的沙龙")
    edit(repo, EVENT, "rsvp: [li-na]", "rsvp: [li-na]\nattended: [zhou-yu]")
    assert found(repo, "zhouyu") == [("R2.owner-event", EVENT, 2),
                                     ("R2.owner-event", EVENT, 9)]


def test_layout_only_edit_of_others_event_is_refused(repo: Path) -> None:
    edit(repo, EVENT, "kind: salon", "kind: salon  # comment")
    assert found(repo, "zhouyu") == [("R2.owner-event", EVENT, 1)]


def test_new_events_name_their_author_as_organiser(repo: Path) -> None:
    write(repo, "content/events/2026-04-walk.yml",
          "title: 徒步\nstart: 2026-04-05\norganizers: [li-na]\n")
    assert found(repo, "lina") == []
    assert found(repo, "zhouyu") == [("R2.owner-event", "content/events/2026-04-walk.yml", 3)]


def test_deleting_events_is_for_organisers(repo: Path) -> None:
    (repo / EVENT).unlink()
    assert found(repo, "zhouyu") == [("R2.owner-delete", EVENT, 1)]
    assert found(repo, "zhaomin") == []


# --------------------------------------------------------------------------- the command


def test_check_command_reports_ownership_inline(repo: Path) -> None:
    edit(repo, LI_NA, "status: active", "status: suspended")
    done = cli(repo, "check", "--format", "github", "--lang", "en", "--today", TODAY.isoformat(),
               "--changed-by", "lina", "--base", "HEAD")
    assert done.returncode == 1, done.stderr
    assert f"::error file={LI_NA},line=6,col=1,title=R2.owner-member-field::" in done.stdout
    assert "不要私自拉人" in done.stdout  # the charter clause, quoted as written


def test_check_command_passes_an_allowed_change(repo: Path) -> None:
    edit(repo, EVENT, "rsvp: [li-na]", "rsvp: [li-na, zhou-yu]")
    done = cli(repo, "check", "--format", "json", "--today", TODAY.isoformat(),
               "--changed-by", "zhouyu", "--base", "HEAD")
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["errors"] == 0


def test_merge_base_of_a_branch(repo: Path) -> None:
    git(repo, "switch", "-q", "-c", "pr")
    edit(repo, MEDIA, "min: 800", "min: 900")
    git(repo, "commit", "-qam", "pr change")
    base = git(repo, "merge-base", "main", "HEAD").strip()
    assert found(repo, "zhaomin", base) == [("R2.owner-resource", MEDIA, 7)]
    assert found(repo, "lina", base) == []


@pytest.mark.parametrize("args", [["--changed-by", "lina"], ["--base", "HEAD"],
                                  ["--changed-by", "lina", "--base", "no-such-ref"],
                                  ["--changed-by", "lina", "--base", "--output=x"]])
def test_check_command_usage_errors(repo: Path, args: list[str]) -> None:
    done = cli(repo, "check", "--today", TODAY.isoformat(), *args)
    assert done.returncode == 2
    assert done.stderr.strip()


# --------------------------------------------------------------------------- standing


def test_the_governance_page_prints_the_rights_the_judge_applies() -> None:
    """content/pages/governance.md carries ownership.RIGHTS as generated tables (zh, en);
    to update them after changing RIGHTS, paste ``ownership.rights_table(lang)``."""
    page = (REPO / "content" / "pages" / "governance.md").read_text(encoding="utf-8")
    for lang in ("zh", "en"):
        block = page.split(f"<!-- rights:{lang} -->\n")[1].split(f"<!-- /rights:{lang} -->")[0]
        assert block == ownership.rights_table(lang), lang


def standing_of(repo: Path, rel: str, status: str) -> None:
    """Give a member another status in the base (an admin's earlier, merged change)."""
    edit(repo, rel, "status: active", f"status: {status}")
    git(repo, "commit", "-qam", f"{rel}: {status}")


def test_a_candidate_may_edit_only_their_own_profile(repo: Path) -> None:
    edit(repo, "members/sun-li.yml", "org: ", "title: 新职位\norg: ")
    assert found(repo, "sunli") == []
    git(repo, "checkout", "-q", "--", ".")
    edit(repo, EVENT, "rsvp: [li-na]", "rsvp: [li-na, sun-li]")
    write(repo, "content/events/2026-05-walk.yml",
          "title: 徒步\nstart: 2026-05-01\norganizers: [sun-li]\n")
    assert found(repo, "sunli") == [("R2.standing", EVENT, 1),
                                    ("R2.standing", "content/events/2026-05-walk.yml", 1)]


@pytest.mark.parametrize("status", ["suspended", "alumni"])
def test_suspended_members_and_alumni_keep_only_their_profile(repo: Path, status: str) -> None:
    standing_of(repo, LI_NA, status)
    edit(repo, POST, "title: 电梯屏空档转让", "title: 还想转让")
    assert found(repo, "lina") == [("R2.standing", POST, 1)]
    git(repo, "checkout", "-q", "--", ".")
    edit(repo, LI_NA, "title: 销售总监", "title: 顾问")
    assert found(repo, "lina") == []
    edit(repo, LI_NA, f"status: {status}", "status: active")
    assert [f[0] for f in found(repo, "lina")] == ["R2.owner-member-field"]


def test_attendance_needs_an_organiser_who_was_a_member_that_day(repo: Path) -> None:
    edit(repo, EVENT, "start: 2026-03-20T19:00:00\nend: 2026-03-20T21:00:00",
         "start: 2026-01-05T19:00:00\nend: 2026-01-05T21:00:00")
    edit(repo, EVENT, "organizers: [zhao-min]", "organizers: [zhao-min, li-na]")
    git(repo, "commit", "-qam", "li-na co-organises")
    edit(repo, EVENT, "rsvp: [li-na]", "rsvp: [li-na]\nattended: [li-na, zhao-min]")
    # li-na joined on 2026-01-10, after the event: she cannot certify it; zhao-min (joined
    # 2026-01-01) can (the attendance clause, R4: issue 23 item 2)
    assert [f[0] for f in found(repo, "lina")] == ["R4.attendance-standing"]
    assert found(repo, "zhaomin") == []


def test_a_new_past_event_with_attendance_is_for_admins(repo: Path) -> None:
    """The self-certified attendance: a member invents an event that already happened,
    organised and attended by themselves."""
    write(repo, "content/events/2026-02-ghost.yml",
          "title: 没人见过的活动\nstart: 2026-02-01\norganizers: [li-na]\nattended: [li-na]\n")
    problems = judge.problems_for(str(repo), "HEAD", "lina", today=TODAY.isoformat())
    assert [(p.rule, p.message("en").split(";")[0]) for p in problems] == [
        ("R4.attendance-past", "This event already took place on 2026-02-01")]
    admin = judge.problems_for(str(repo), "HEAD", "chenjing", today=TODAY.isoformat())
    assert admin == []


# --------------------------------------------------------------------------- issue 23.1


@pytest.mark.parametrize("rel, target", [
    ("content/pages/env.md", "/proc/self/environ"),
    ("resources/media/copy.yml", "luohu-elevator.yml"),
    ("docs/notes.md", "../members/li-na.yml"),
])
@pytest.mark.parametrize("committed", [False, True])
def test_a_symbolic_link_in_a_pull_request_is_refused_for_everyone(
        repo: Path, rel: str, target: str, committed: bool) -> None:
    """A symlink (git mode 120000) is one line in a diff; the judge names it, whoever made
    it — admins too: the record is regular files."""
    (repo / rel).parent.mkdir(parents=True, exist_ok=True)
    (repo / rel).symlink_to(target)
    if committed:
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "a link")
    base = "HEAD~1" if committed else "HEAD"
    for login in ("lina", "chenjing"):
        assert ("io.symlink", rel, 1) in found(repo, login, base), login


def test_a_regular_file_turned_into_a_link_is_refused(repo: Path) -> None:
    (repo / MEDIA).unlink()
    (repo / MEDIA).symlink_to("/dev/zero")
    assert ("io.symlink", MEDIA, 1) in found(repo, "lina")
    assert ("io.symlink", MEDIA, 1) in found(repo, "chenjing")


# --------------------------------------------------------------------------- issue 23.2
# Attendance only from those who can certify it: every attendance entry a change adds, on
# the event or on any occurrence, in a new file or an old one, is judged against the base
# and today. SERIES is committed first: every Tuesday from 13 January, organised by li-na
# (joined 2026-01-10) and zhao-min; TODAY is 2026-03-01.

SERIES = "content/events/2026-tuesday-talks.yml"
SERIES_TEXT = ("title: 周二分享会\nstart: 2026-01-13T19:30:00\nkind: salon\n"
               "organizers: [li-na, zhao-min]\n"
               "recurrence:\n  rrule: FREQ=WEEKLY;BYDAY=TU;COUNT=30\n")


def series(repo: Path, text: str = SERIES_TEXT) -> None:
    write(repo, SERIES, text)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a weekly series")


def occurrence(repo: Path, *lines: str) -> None:
    """Append an ``occurrences`` list holding ``lines`` (each one line of YAML) to SERIES."""
    text = (repo / SERIES).read_text(encoding="utf-8")
    write(repo, SERIES, text + "occurrences:\n" + "".join(f"  {line}\n" for line in lines))


def line_of(repo: Path, rel: str, needle: str) -> int:
    return next(i for i, t in enumerate((repo / rel).read_text().splitlines(), 1) if needle in t)


def judged(repo: Path, login: str, today: str = TODAY.isoformat()) -> Found:
    return sorted((p.rule, p.file, p.line)
                  for p in judge.problems_for(str(repo), "HEAD", login, today=today))


def test_an_organiser_in_standing_records_an_occurrences_attendance(repo: Path) -> None:
    series(repo)
    occurrence(repo, "- date: 2026-02-10", "  attended: [li-na, zhou-yu]")
    assert judged(repo, "lina") == []
    assert judged(repo, "zhaomin") == []


def test_an_admin_records_attendance_for_anyone(repo: Path) -> None:
    series(repo)
    occurrence(repo, "- date: 2026-02-10", "  attended: [li-na]")
    assert judged(repo, "chenjing") == []  # an admin who organises nothing
    git(repo, "checkout", "-q", "--", SERIES)
    occurrence(repo, "- date: 2026-02-10", "  attended: [li-na]",
               "- date: 2026-03-10", "  attended: [li-na]")
    assert judged(repo, "chenjing") == [  # but not ahead of the day
        ("R4.attendance-future", SERIES, line_of(repo, SERIES, "2026-03-10") + 1)]


def test_a_member_who_is_not_an_organiser_cannot_certify(repo: Path) -> None:
    """zhou-yu (an active member, not an organiser) certifies her own attendance: refused
    on the line of the entry, not of the list."""
    series(repo)
    occurrence(repo, "- date: 2026-02-10", "  attended:", "    - zhou-yu")
    assert judged(repo, "zhouyu") == [("R2.owner-event", SERIES, line_of(repo, SERIES,
                                                                       "- zhou-yu"))]


def test_attendance_dated_after_today_is_refused(repo: Path) -> None:
    series(repo)
    occurrence(repo, "- date: 2026-02-10", "  attended: [li-na]",
               "- date: 2026-03-10", "  attended: [li-na]")
    assert judged(repo, "lina") == [("R4.attendance-future", SERIES,
                                     line_of(repo, SERIES, "2026-03-10") + 1)]
    problems = judge.problems_for(str(repo), "HEAD", "lina", today=TODAY.isoformat())
    assert "2026-03-10" in problems[0].message("en") and "after today" in problems[0].message(
        "en")


def test_a_new_future_series_with_attendance_is_refused(repo: Path) -> None:
    """The red team's case: a new future series, organised and attended by its author."""
    write(repo, "content/events/2027-ghost.yml",
          "title: 没人见过的系列\nstart: 2027-01-05\norganizers: [li-na]\n"
          "recurrence:\n  rrule: FREQ=WEEKLY;BYDAY=TU;COUNT=10\n"
          "occurrences:\n  - {date: 2027-03-02, attended: [li-na]}\n")
    assert judged(repo, "lina") == [("R4.attendance-future", "content/events/2027-ghost.yml", 7)]


@pytest.mark.parametrize("history, day, standing", [
    ("suspensions:\n  - {start: 2026-02-01, end: 2026-02-20}\n", "2026-02-10", "suspended"),
    ("", "2026-01-13", None),  # li-na joined on 2026-01-10: in standing
    ("suspensions:\n  - {start: 2026-02-01, end: 2026-02-20}\n", "2026-02-24", None),
])
def test_an_organiser_suspended_on_that_day_cannot_certify(
        repo: Path, history: str, day: str, standing: str | None) -> None:
    """li-na is active today, but her file records a suspension over the day she certifies
    (core.standing.standing_on reads the history)."""
    (repo / LI_NA).write_text((repo / LI_NA).read_text(encoding="utf-8") + history,
                              encoding="utf-8")
    series(repo)
    occurrence(repo, f"- date: {day}", "  attended: [li-na]")
    problems = judge.problems_for(str(repo), "HEAD", "lina", today=TODAY.isoformat())
    if standing is None:
        assert problems == []
        return
    assert [(p.rule, p.line) for p in problems] == [("R4.attendance-standing",
                                                     line_of(repo, SERIES, day) + 1)]
    assert f"`{standing}`" in problems[0].message("en")


def test_an_organiser_whose_dues_had_lapsed_that_day_cannot_certify(repo: Path) -> None:
    """huang-lei joined in 2025 and never paid 2026: lapsed from 2 March (60 days' grace)."""
    edit(repo, "members/huang-lei.yml", "joined: 2026-01-01", "joined: 2025-01-01")
    edit(repo, "members/huang-lei.yml", "{year: 2026, paid: 2026-01-09",
         "{year: 2025, paid: 2025-01-09")
    series(repo, SERIES_TEXT.replace("[li-na, zhao-min]", "[li-na, huang-lei]"))
    occurrence(repo, "- date: 2026-02-24", "  attended: [li-na]",
               "- date: 2026-05-05", "  attended: [li-na]")
    assert judged(repo, "huanglei", today="2026-06-30") == [
        ("R4.attendance-standing", SERIES, line_of(repo, SERIES, "2026-05-05") + 1)]
    assert judged(repo, "lina", today="2026-06-30") == []


def test_an_occurrence_moved_into_the_past_is_for_admins(repo: Path) -> None:
    """A future series (starts 2 June) gets an occurrence "moved" into February, with its
    organiser's attendance: the event did not exist on that day."""
    series(repo, SERIES_TEXT.replace("2026-01-13", "2026-06-02"))
    occurrence(repo, "- date: 2026-02-10", "  moved_from: 2026-06-02", "  attended: [li-na]")
    assert judged(repo, "lina") == [("R4.attendance-past", SERIES, 10)]
    assert judged(repo, "chenjing") == []


def test_a_future_event_moved_into_the_past_with_attendance_is_for_admins(repo: Path) -> None:
    write(repo, "content/events/2026-05-walk.yml",
          "title: 徒步\nstart: 2026-05-02\norganizers: [li-na]\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "a walk in May")
    edit(repo, "content/events/2026-05-walk.yml", "start: 2026-05-02",
         "start: 2026-02-14\nattended: [li-na]")
    assert judged(repo, "lina") == [("R4.attendance-past", "content/events/2026-05-walk.yml", 3)]


def test_a_moved_occurrence_done_right_passes_the_judge_and_the_check(repo: Path) -> None:
    series(repo)
    occurrence(repo, "- date: 2026-02-12", "  moved_from: 2026-02-10", "  attended: [li-na]")
    assert judged(repo, "lina") == []
    done = cli(repo, "check", "--format", "json", "--today", TODAY.isoformat(),
               "--changed-by", "lina", "--base", "HEAD")
    assert json.loads(done.stdout)["errors"] == 0, done.stdout


@pytest.mark.parametrize("lines, key", [
    (["- date: 2026-02-11", "  attended: [li-na]"], "event.occurrence-off-rule"),
    (["- date: 2026-02-12", "  moved_from: 2026-02-11", "  attended: [li-na]"],
     "event.occurrence-moved-from"),
    (["- date: 2026-01-06", "  attended: [li-na]"], "event.occurrence-before-start"),
])
def test_occurrences_off_the_rule_fail_the_pull_requests_check(
        repo: Path, lines: list[str], key: str) -> None:
    """What the judge workflow runs: check with the ownership judge; the data check refuses
    an occurrence off the rule without moved_from, a moved_from off the rule, and an
    occurrence before the start, whoever certifies it."""
    series(repo)
    occurrence(repo, *lines)
    done = cli(repo, "check", "--format", "json", "--lang", "en", "--today", TODAY.isoformat(),
               "--changed-by", "lina", "--base", "HEAD")
    got = [(p["rule"], p["file"]) for p in json.loads(done.stdout)["problems"]
           if p["severity"] == "error" and p["rule"].startswith("event.")]
    assert got == [("event.occurrence-date", SERIES)], done.stdout
    assert done.returncode == 1
