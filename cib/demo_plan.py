"""The demo improvement plan: 4 themes, 8 Ofsted recommendations, 35 actions, monthly updates.

The story matches the demo figures (cib.demo): Ofsted inspected in Oct-Nov 2015 and judged the
council inadequate in Jan 2016; a monitoring visit in Jul 2016 found expected progress and added
a recommendation on children in care. The board meets on the fourth Thursday of each month, Feb
2016 - Mar 2018, and each open action reports a status then. Early work on the basics (backlog,
thresholds, supervision, QA) finishes in 2016; workforce actions slip and recover in 2017; at
Mar 2018 three actions are overdue, one is off track and two more are at risk.
Deterministic: no randomness.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from cib import db, plan_store
from cib.plan import AT_RISK, COMPLETE, NOT_STARTED, OFF_TRACK, ON_TRACK

FIRST_BOARD = dt.date(2016, 2, 1)
LAST_BOARD = dt.date(2018, 3, 1)
JUDGEMENT = dt.date(2016, 1, 12)
MONITORING_VISIT = dt.date(2016, 7, 13)

THEMES = [
    ("T1", "Leadership, management and governance"),
    ("T2", "A robust model of social work practice"),
    ("T3", "A sufficient and skilled workforce"),
    ("T4", "Quality assurance and audit"),
]

_INSPECTION = ("Inspection", JUDGEMENT)
RECOMMENDATIONS = [  # id, theme, (source, date), text
    ("R1", "T2", _INSPECTION,
     "Ensure that assessments are completed within timescales that meet children's needs, "
     "analyse risk and need, and record the child's views."),
    ("R2", "T1", _INSPECTION,
     "Ensure that managers provide regular, recorded supervision and oversight that challenges "
     "drift and delay in children's plans."),
    ("R3", "T2", _INSPECTION,
     "Ensure that thresholds for children's social care are understood and consistently applied "
     "by partners and in the multi-agency safeguarding hub (MASH)."),
    ("R4", "T2", _INSPECTION,
     "Ensure that child protection and child in need plans are specific, focused on outcomes "
     "and reviewed within timescales."),
    ("R5", "T3", _INSPECTION,
     "Develop and implement a workforce strategy that recruits and retains permanent, "
     "experienced social workers and reduces caseloads to a manageable level."),
    ("R6", "T4", _INSPECTION,
     "Establish a quality assurance framework in which case audits are completed and moderated, "
     "and their learning is used to improve practice."),
    ("R7", "T1", _INSPECTION,
     "Ensure that leaders have accurate and timely performance information and use it to drive "
     "improvement, with effective scrutiny by elected members and the Improvement Board."),
    ("R8", "T2", ("Monitoring visit", MONITORING_VISIT),
     "Ensure that children looked after are visited within timescales and that visits are "
     "purposeful and recorded promptly, with the child's views."),
]  # fmt: skip

_HOS_A = "Head of Service, Assessment"
_HOS_S = "Head of Service, Safeguarding"
_HOS_C = "Head of Service, Children in Care"
_PSW = "Principal Social Worker"
_QA = "Head of Quality Assurance"
_IRS = "Independent Reviewing Service Manager"
_DCS = "Director of Children's Services"
_PIM = "Performance and Intelligence Manager"

# id, recommendation, what, who, how, due, success measures, story: (month, status, update).
# A status holds, with its update text, until the next entry; updates stop once complete.
ACTIONS = [
    ("1.1", "R1", "Clear the backlog of assessments open beyond 45 working days", _HOS_A,
     "A dedicated backlog team of four social workers; team managers track every open "
     "assessment weekly.", "2016-06-30",
     ["open_assessments_over_45wd", "assessments_within_45wd_pct"],
     [("2016-02", ON_TRACK, "Backlog team in place from 15 February; 56 assessments open past "
       "45 working days."),
      ("2016-04", AT_RISK, "Backlog still above 50: referrals are rising and two backlog "
       "workers have left."),
      ("2016-07", OFF_TRACK, "Backlog not cleared by June. Revised plan agreed with the "
       "Commissioner: two more workers from the improvement partner."),
      ("2016-10", ON_TRACK, "Backlog down to 18 and falling."),
      ("2017-03", COMPLETE, "Backlog below 10 for two months; backlog team stood down.")]),
    ("1.2", "R1", "Set a 20 working day expectation for assessments, with exceptions agreed "
     "by a team manager up to 45 days", _HOS_A,
     "Practice standard issued to all assessing teams; a daily timeliness report to team "
     "managers.", "2017-06-30", ["assessments_within_20wd_pct", "assessments_within_45wd_pct"],
     [("2016-02", NOT_STARTED, "Practice standard drafted for consultation with staff."),
      ("2016-04", ON_TRACK, "Standard issued on 4 April; daily timeliness report live."),
      ("2016-06", AT_RISK, "20-day timeliness still near 30%: clearing the backlog comes "
       "first."),
      ("2016-09", ON_TRACK, "20-day timeliness near 50% in August."),
      ("2017-06", COMPLETE, "20-day timeliness above 50% in most months of 2017; standard "
       "embedded.")]),
    ("1.3", "R1", "Introduce a single assessment template that records the child's views and "
     "an analysis of risk", _PSW,
     "Template designed with practitioners, built into the case management system, with "
     "training for every social worker.", "2016-12-31", ["audits_good_or_better_pct"],
     [("2016-02", NOT_STARTED, "Design workshops with practitioners booked for March."),
      ("2016-03", ON_TRACK, "Workshops held; draft template on trial in Assessment Team 1."),
      ("2016-08", AT_RISK, "The system supplier has put the change back to October."),
      ("2016-10", ON_TRACK, "Template live in the system from 17 October."),
      ("2016-12", COMPLETE, "All assessing teams use the template; 94% of social workers "
       "trained.")]),
    ("1.4", "R1", "Hold weekly performance clinics in the assessment teams", "Team Managers, "
     "Assessment", "Team managers review every open assessment at days 20, 35 and 40.",
     "2016-04-30", ["assessments_within_45wd_pct", "open_assessments_over_45wd"],
     [("2016-02", ON_TRACK, "Clinics started in Assessment Team 1."),
      ("2016-04", COMPLETE, "Clinics run weekly in every assessing team.")]),
    ("2.1", "R2", "Set and monitor a standard for monthly recorded supervision", _HOS_S,
     "Supervision policy relaunched; a monthly compliance report by team.", "2016-06-30",
     ["audits_good_or_better_pct"],
     [("2016-02", NOT_STARTED, "Supervision policy under review."),
      ("2016-03", ON_TRACK, "Policy relaunched on 21 March with briefings for managers."),
      ("2016-06", COMPLETE, "Supervision recorded on 86% of cases in June.")]),
    ("2.2", "R2", "Record management oversight on every case at each key decision", _HOS_S,
     "Case management system prompts for manager decisions; audits test the quality of "
     "oversight.", "2017-12-31", ["audits_good_or_better_pct", "cp_plans_2yrs_plus_pct"],
     [("2016-02", NOT_STARTED, "Requirements agreed with the system team."),
      ("2016-05", ON_TRACK, "System prompts built and in use."),
      ("2016-10", AT_RISK, "Audits find oversight recorded but not analytical in 40% of "
       "cases."),
      ("2017-02", ON_TRACK, "Manager development programme started with 22 managers."),
      ("2017-11", AT_RISK, "Audit evidence of effective oversight at 68%, short of 75%."),
      ("2018-03", COMPLETE, "Audit evidence of effective oversight in 78% of cases.")]),
    ("2.3", "R2", "Review every child on a child protection plan for more than 18 months",
     _IRS, "Conference chairs and team managers review each case; legal planning meetings "
     "where needed.", "2016-05-31", ["cp_plans_2yrs_plus_pct", "cp_repeat_plans_pct"],
     [("2016-02", ON_TRACK, "87 children identified; reviews scheduled."),
      ("2016-05", COMPLETE, "All 87 reviewed; 31 plans ended or moved to legal planning.")]),
    ("2.4", "R2", "Senior leaders hold practice weeks to see frontline work", _DCS,
     "Senior managers observe practice, read case files and feed back to teams.",
     "2016-09-30", ["audits_good_or_better_pct"],
     [("2016-02", NOT_STARTED, "Programme being designed with the Principal Social Worker."),
      ("2016-05", ON_TRACK, "First practice week held on 9 May."),
      ("2016-09", COMPLETE, "Four practice weeks held; now part of business as usual.")]),
    ("3.1", "R3", "Publish a revised threshold document and brief partners on it",
     "LSCB Business Manager", "Threshold document agreed by the Safeguarding Children Board; "
     "twelve multi-agency briefings.", "2016-07-31", ["rereferrals_12m_pct"],
     [("2016-02", ON_TRACK, "Draft with partners for comment."),
      ("2016-06", AT_RISK, "Police and health sign-off delayed to July."),
      ("2016-08", COMPLETE, "Published on 1 August; nine of twelve briefings held.")]),
    ("3.2", "R3", "Audit MASH decisions every week", "Head of Service, Front Door",
     "Dip sample of ten contacts a week; findings to the MASH partnership board.",
     "2016-04-30", ["rereferrals_12m_pct"],
     [("2016-02", ON_TRACK, "Weekly dip sampling started."),
      ("2016-04", COMPLETE, "Weekly audits embedded; 94% of decisions judged right.")]),
    ("3.3", "R3", "Agree step-down to early help with families before cases close",
     "Head of Early Help", "Joint step-down meetings; the early help offer recorded at "
     "closure.", "2017-03-31", ["rereferrals_12m_pct"],
     [("2016-02", NOT_STARTED, "Early help strategy in draft."),
      ("2016-06", ON_TRACK, "Step-down protocol agreed with early help."),
      ("2016-12", AT_RISK, "Early help is three workers short; step-down meetings in half of "
       "closures."),
      ("2017-04", OFF_TRACK, "Due date missed: recruitment to early help posts failed."),
      ("2017-07", ON_TRACK, "Posts filled; step-down meetings held in 90% of closures."),
      ("2017-12", COMPLETE, "Step-down agreed in 95% of closures; re-referrals below target.")]),
    ("3.4", "R3", "Hold a daily MASH meeting with police and health to rate new contacts",
     "MASH Manager", "Daily risk-rating meeting of police, health and social care.",
     "2016-03-31", ["rereferrals_12m_pct"],
     [("2016-02", ON_TRACK, "Daily meeting piloted two days a week."),
      ("2016-03", COMPLETE, "Daily meeting running every working day.")]),
    ("3.5", "R3", "Add a domestic abuse pathway to the MASH, with police and specialist "
     "services", "MASH Manager", "Daily domestic abuse triage with police; specialist "
     "worker based in the MASH.", "2018-06-30", ["rereferrals_12m_pct"],
     [("2017-06", NOT_STARTED, "Funding agreed with the Police and Crime Commissioner."),
      ("2017-09", ON_TRACK, "Daily triage started; specialist worker recruited.")]),
    ("4.1", "R4", "Introduce an outcome-focused plan template for child protection and child "
     "in need plans", _PSW, "Template agreed with conference chairs; chairs quality-assure "
     "each plan at conference.", "2016-09-30", ["audits_good_or_better_pct",
                                                "cp_repeat_plans_pct"],
     [("2016-03", NOT_STARTED, "Scoping with conference chairs."),
      ("2016-04", ON_TRACK, "Template agreed with chairs."),
      ("2016-09", COMPLETE, "Template live; chairs check plan quality at each conference.")]),
    ("4.2", "R4", "Hold initial child protection conferences within 15 working days", _IRS,
     "An additional conference chair; conferences booked at the strategy discussion.",
     "2016-12-31", ["icpc_within_15wd_pct"],
     [("2016-02", NOT_STARTED, "Business case for an extra chair submitted."),
      ("2016-04", ON_TRACK, "Additional chair in post."),
      ("2016-08", AT_RISK, "ICPC timeliness below 60% against a 70% target."),
      ("2016-12", ON_TRACK, "Booking at the strategy discussion is now standard."),
      ("2017-05", COMPLETE, "Timeliness above 75% for four months.")]),
    ("4.3", "R4", "Review child protection plans within timescales", _IRS,
     "Reviews booked at the previous conference; weekly check of reviews due.", "2016-06-30",
     ["cp_reviews_in_timescale_pct"],
     [("2016-02", ON_TRACK, "Weekly check of reviews due in place."),
      ("2016-06", COMPLETE, "Reviews in timescale at 85% and rising.")]),
    ("4.4", "R4", "Core groups meet within 10 working days of conference, then every six "
     "weeks", _HOS_S, "Core group dates set at conference; minutes on file within 5 days.",
     "2017-03-31", ["cp_repeat_plans_pct", "cp_plans_2yrs_plus_pct"],
     [("2016-05", NOT_STARTED, "Standard drafted."),
      ("2016-07", ON_TRACK, "Standard issued; compliance report monthly."),
      ("2017-01", AT_RISK, "Core group minutes on file in 72% of cases."),
      ("2017-05", COMPLETE, "Core group minutes on file in 91% of cases.")]),
    ("4.5", "R4", "Adopt one practice model (Signs of Safety) across all teams", _PSW,
     "Five-day training for every social worker and manager; practice leads in each team.",
     "2018-09-30", ["audits_good_or_better_pct", "cp_repeat_plans_pct"],
     [("2017-04", NOT_STARTED, "Practice model chosen with staff and partners."),
      ("2017-06", ON_TRACK, "Training started: 40 of 120 staff trained."),
      ("2018-01", ON_TRACK, "96 of 120 staff trained; practice leads named.")]),
    ("5.1", "R5", "Recruit permanent social workers through a national campaign",
     "Workforce Development Manager", "National recruitment campaign, relocation package and "
     "a market supplement.", "2016-12-31", ["agency_sw_pct", "vacancy_rate_pct"],
     [("2016-02", NOT_STARTED, "Business case to Council in March."),
      ("2016-04", ON_TRACK, "Campaign launched; 14 applicants in the first round."),
      ("2016-08", AT_RISK, "Only 6 permanent starters; agency workers fill over a third of "
       "posts."),
      ("2016-11", OFF_TRACK, "The target of 25 permanent starters will be missed."),
      ("2017-04", ON_TRACK, "Second campaign with the improvement partner: 19 starters since "
       "January."),
      ("2017-11", COMPLETE, "31 permanent starters; agency use down from half of posts to "
       "under a third. Campaign closed.")]),
    ("5.2", "R5", "Reduce average caseloads to no more than 18 children", _HOS_A,
     "Caseload weighting tool; extra capacity from the backlog team; monthly review by team.",
     "2017-09-30", ["caseload_avg"],
     [("2016-02", NOT_STARTED, "Caseload weighting tool being chosen."),
      ("2016-04", ON_TRACK, "Weighting tool in use in every team."),
      ("2016-06", AT_RISK, "Average caseload 24: vacancies are not yet filled."),
      ("2017-01", ON_TRACK, "Average caseload 20 and falling."),
      ("2017-10", AT_RISK, "Average caseload 19.2: due date missed; new starters in "
       "April.")]),
    ("5.3", "R5", "Open a social work academy for newly qualified social workers", _PSW,
     "Protected caseloads, a practice educator and a structured first year (ASYE).",
     "2016-09-30", ["vacancy_rate_pct"],
     [("2016-03", NOT_STARTED, "Academy model agreed with the university."),
      ("2016-05", ON_TRACK, "Eight newly qualified social workers offered posts."),
      ("2016-09", COMPLETE, "First cohort of eight started on 5 September.")]),
    ("5.4", "R5", "Offer a retention package: career pathway, flexible working and exit "
     "interviews", "HR Business Partner", "Career progression framework agreed with unions; "
     "exit interviews for every leaver.", "2017-06-30", ["vacancy_rate_pct", "agency_sw_pct"],
     [("2016-06", NOT_STARTED, "Proposals with the unions."),
      ("2016-09", ON_TRACK, "Career pathway agreed; exit interviews started."),
      ("2017-02", AT_RISK, "Social worker turnover still 22%."),
      ("2017-06", ON_TRACK, "Turnover down to 16%; flexible working policy approved."),
      ("2017-08", COMPLETE, "Package in place; turnover 14%.")]),
    ("5.5", "R5", "Reduce reliance on agency social workers to below 20%", _DCS,
     "Convert agency posts as permanent starters arrive; agency approvals by the Director only.",
     "2018-03-31", ["agency_sw_pct"],
     [("2016-10", NOT_STARTED, "Waiting for the second recruitment campaign."),
      ("2017-01", ON_TRACK, "Agency approvals now by the Director only."),
      ("2017-10", AT_RISK, "Agency rate 28%: two teams still rely on agency workers."),
      ("2018-03", OFF_TRACK, "Agency rate fell to 16% in February but will not stay below "
       "20% at March.")]),
    ("6.1", "R6", "Publish a quality assurance framework with a monthly audit programme", _QA,
     "Framework agreed by the Improvement Board; audit schedule for every team manager.",
     "2016-05-31", ["audits_good_or_better_pct", "audits_inadequate_pct"],
     [("2016-02", ON_TRACK, "Framework drafted with the improvement partner."),
      ("2016-05", COMPLETE, "Framework published; monthly audits started.")]),
    ("6.2", "R6", "Moderate one in ten audits each month", _QA,
     "A moderation panel of senior managers and the Principal Social Worker.", "2016-10-31",
     ["audits_good_or_better_pct"],
     [("2016-03", NOT_STARTED, "Panel membership agreed."),
      ("2016-06", ON_TRACK, "Moderation panel meets monthly."),
      ("2016-10", COMPLETE, "12% of audits moderated over the quarter.")]),
    ("6.3", "R6", "Report learning from audits to the Board each quarter and act on it", _QA,
     "Quarterly learning report; themes taken into training and practice weeks.",
     "2017-03-31", ["audits_good_or_better_pct", "audits_inadequate_pct"],
     [("2016-06", NOT_STARTED, "First quarter of audits under way."),
      ("2016-09", ON_TRACK, "First learning report to the Board."),
      ("2017-03", COMPLETE, "Three quarterly reports; learning built into training.")]),
    ("6.4", "R6", "Reduce audits graded inadequate to below 10%", _HOS_S,
     "Follow-up of every inadequate audit within 10 working days; coaching for teams with "
     "most inadequate grades.", "2017-12-31", ["audits_inadequate_pct"],
     [("2016-06", ON_TRACK, "Follow-up process in place."),
      ("2016-10", AT_RISK, "21% of audits graded inadequate in October."),
      ("2017-06", ON_TRACK, "Inadequate grades down to 12%."),
      ("2018-01", AT_RISK, "Moderation found grading too generous in two teams; re-audit "
       "under way."),
      ("2018-03", ON_TRACK, "Re-audit confirms fewer inadequate grades; to close after March "
       "moderation.")]),
    ("6.5", "R6", "Ask children and families for feedback as part of every audit", _QA,
     "A short questionnaire and phone call by the auditor to the family.", "2018-01-31",
     ["audits_good_or_better_pct"],
     [("2017-09", NOT_STARTED, "Questionnaire designed with the children in care council."),
      ("2017-11", ON_TRACK, "Feedback sought in every audit from November."),
      ("2018-02", AT_RISK, "Response rate 9%; phone follow-up being added.")]),
    ("7.1", "R7", "Send a monthly performance report to the Children's Improvement Board",
     _PIM, "Report of the plan's measures against targets, by team, each month.", "2016-03-31",
     [],
     [("2016-02", ON_TRACK, "First report to the February Board."),
      ("2016-03", COMPLETE, "Monthly report established.")]),
    ("7.2", "R7", "Correct case status and team on the case management system", _PIM,
     "Data cleansing of every open case; monthly data quality report to managers.",
     "2016-09-30", ["assessments_completed"],
     [("2016-02", NOT_STARTED, "Data quality issues listed."),
      ("2016-03", ON_TRACK, "Data cleansing started in Assessment Team 1."),
      ("2016-07", AT_RISK, "Cleansing 70% done; clashes with a system upgrade."),
      ("2016-11", COMPLETE, "Every open case checked; monthly data quality report live.")]),
    ("7.3", "R7", "Elected members scrutinise children's services performance each quarter",
     _DCS, "Quarterly performance session for the scrutiny board.", "2016-07-31", [],
     [("2016-03", NOT_STARTED, "Scrutiny work programme being agreed."),
      ("2016-04", ON_TRACK, "First session booked for June."),
      ("2016-07", COMPLETE, "Sessions held in June; quarterly from now on.")]),
    ("7.4", "R7", "Report to Council on the improvement plan each quarter", _DCS,
     "Quarterly report to full Council with the Board's view.", "2016-06-30", [],
     [("2016-02", ON_TRACK, "Reporting cycle agreed."),
      ("2016-06", COMPLETE, "First quarterly report to Council in June.")]),
    ("8.1", "R8", "Track statutory visits to children in care every week", _HOS_C,
     "A weekly list of visits due and overdue for every team manager.", "2016-10-31",
     ["cla_visits_in_timescale_pct"],
     [("2016-08", ON_TRACK, "Tracker live from 1 August."),
      ("2016-10", COMPLETE, "Visits in timescale above 90% for four months.")]),
    ("8.2", "R8", "Record visits within 3 working days, with the child's views", _HOS_C,
     "Recording standard; mobile working devices for social workers.", "2017-03-31",
     ["cla_visits_in_timescale_pct", "audits_good_or_better_pct"],
     [("2016-08", NOT_STARTED, "Devices ordered."),
      ("2016-09", ON_TRACK, "Standard issued; devices issued to two teams."),
      ("2017-01", AT_RISK, "Visits recorded within 3 days: 64%."),
      ("2017-05", ON_TRACK, "Visits recorded within 3 days: 81%."),
      ("2017-08", COMPLETE, "Visits recorded within 3 days: 90% for three months.")]),
    ("8.3", "R8", "Review permanence for children in care for more than two years", _HOS_C,
     "Permanence review of each child with the independent reviewing officer.", "2018-06-30",
     ["cla_visits_in_timescale_pct"],
     [("2016-10", NOT_STARTED, "Cohort of 64 children identified."),
      ("2017-02", ON_TRACK, "Reviews under way: 20 complete."),
      ("2017-11", AT_RISK, "Reviews 60% complete; two reviewing officer vacancies.")]),
]  # fmt: skip


def board_date(month: dt.date) -> dt.date:
    """The board's meeting in a month: its fourth Thursday (updates are dated that day)."""
    first = month.replace(day=1)
    first_thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7)
    return first_thursday + dt.timedelta(weeks=3)


def board_dates() -> list[dt.date]:
    """Every board date, Feb 2016 - Mar 2018."""
    return [board_date(m.date()) for m in pd.date_range(FIRST_BOARD, LAST_BOARD, freq="MS")]


def _updates(action_id: str, story: list[tuple[str, str, str]]) -> list[dict]:
    """Monthly updates from an action's story: each status holds until the next entry."""
    points = {pd.Timestamp(month).date(): (status, text) for month, status, text in story}
    rows, current = [], None
    for meeting in board_dates():
        current = points.get(meeting.replace(day=1), current)
        if current is None:
            continue  # not in the plan yet
        rows.append(
            {
                "action_id": action_id,
                "update_date": meeting,
                "status": current[0],
                "update_text": current[1],
            }  # fmt: skip
        )
        if current[0] == COMPLETE:
            break
    return rows


def frames() -> plan_store.PlanFrames:
    """The demo plan as frames ready for plan_store.load_plan."""
    themes = pd.DataFrame(THEMES, columns=["theme_id", "title"])
    recommendations = pd.DataFrame(
        [
            {"recommendation_id": r, "theme_id": t, "source": s, "source_date": d, "text": x}
            for r, t, (s, d), x in RECOMMENDATIONS
        ]
    )
    actions = pd.DataFrame(
        [
            {
                "action_id": a,
                "recommendation_id": r,
                "what": what,
                "who": who,
                "how": how,
                "due_date": dt.date.fromisoformat(due),
                "measure_ids": ",".join(measures),
            }
            for a, r, what, who, how, due, measures, _ in ACTIONS
        ]  # fmt: skip
    )
    updates = pd.DataFrame([u for a, *_, story in ACTIONS for u in _updates(a, story)])
    return plan_store.PlanFrames(themes, recommendations, actions, updates)


def seed_plan(cur: db.Cursor, upload_id: int) -> dict[str, int]:
    """Load the demo plan on the caller's cursor (the demo's transaction) under its upload."""
    return plan_store.load_plan(cur, frames(), upload_id)
