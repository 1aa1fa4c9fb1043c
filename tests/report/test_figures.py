"""Each figure of the report on a fixture desk with answers worked out by hand."""

from datetime import date, timedelta

from smmdesk.calendar.links import add_post_link
from smmdesk.report.figures import SEVERAL_GOALS, build_report
from smmdesk.report.outcomes import add_outcome, read_outcomes
from smmdesk.report.period import Period, last_days, parse_period
from smmdesk.store import outcomes as outcome_sql
from smmdesk.timeutil import local_zone
from tests.conftest import NOW
from tests.inbox.helpers import load
from tests.report.conftest import comment


def report_for(store, first, last, brand=None, now=NOW):
    return build_report(store, Period(first, last, local_zone()), brand, now=now)


def band(report, name):
    return next(b for b in report.inbox.response if b.band == name)


def test_response_times_and_missed_targets(store, desk):
    report = report_for(store, date(2026, 11, 28), date(2026, 11, 28))
    negative = band(report, "negative")
    assert (negative.comments, negative.answered) == (3, 2)  # spam left out
    assert negative.median_min == 60  # of 30 and 90
    assert negative.p90_min == 84  # 30 + 0.9 * 60
    assert negative.missed == 2  # n2 late, n3 open
    positive = band(report, "positive")
    assert (positive.answered, positive.median_min, positive.missed) == (1, 0, 0)  # early reply
    assert band(report, "neutral").median_min is None
    assert report.inbox.missed == 2


def test_no_replies_yet(store, brand):
    load(
        store,
        brand,
        [comment("Terrible, awful, I hate this", at=NOW - timedelta(minutes=30), id="x")],
    )
    report = report_for(store, date(2026, 11, 28), date(2026, 11, 28))
    negative = band(report, "negative")
    assert (negative.comments, negative.answered, negative.median_min, negative.p90_min) == (
        1,
        0,
        None,
        None,
    )
    assert negative.missed == 0  # 30 min old: target not yet passed
    later = report_for(store, date(2026, 11, 28), date(2026, 11, 28), now=NOW + timedelta(hours=1))
    assert band(later, "negative").missed == 1


def test_reply_in_the_future_of_the_clock_is_not_counted(store, desk):
    report = report_for(
        store, date(2026, 11, 28), date(2026, 11, 28), now=NOW - timedelta(minutes=200)
    )
    # At that moment n2 had just been written and not answered yet.
    assert band(report, "negative").answered == 1


def test_daily_counts_and_shares(store, desk):
    report = report_for(store, date(2026, 11, 27), date(2026, 11, 28))
    assert [d.day for d in report.inbox.days] == [date(2026, 11, 27), date(2026, 11, 28)]
    today = report.inbox.days[1]
    assert (today.total, today.negative, today.positive, today.unscored) == (5, 4, 1, 0)
    assert report.inbox.days[0].total == 0
    assert report.inbox.negative_share == 4 / 5
    assert report.inbox.unscored_share == 0


def test_empty_range(store, desk):
    report = report_for(store, date(2026, 10, 1), date(2026, 10, 3))
    assert report.inbox.total == 0
    assert report.inbox.negative_share is None
    assert all(b.median_min is None and b.comments == 0 for b in report.inbox.response)
    assert report.content.posts == 0
    assert report.content.gaps == [date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3)]
    assert all(r.posts == 0 for r in report.content.mix)
    assert report.by_goal == [] and report.by_campaign == []
    assert report.outcome_totals.cost_per_lead is None


def test_day_boundaries_follow_the_local_zone(store, brand, monkeypatch):
    monkeypatch.setenv("SMMDESK_TZ", "Europe/Kyiv")  # UTC+2 in November
    load(
        store,
        brand,
        [
            comment(
                "Nice one", at=NOW.replace(day=27, hour=22, minute=30), id="late"
            ),  # 28th 00:30
            comment(
                "Nice two", at=NOW.replace(day=27, hour=21, minute=59), id="early"
            ),  # 27th 23:59
        ],
    )
    zone = local_zone()
    on_27 = build_report(store, Period(date(2026, 11, 27), date(2026, 11, 27), zone), now=NOW)
    on_28 = build_report(store, Period(date(2026, 11, 28), date(2026, 11, 28), zone), now=NOW)
    assert on_27.inbox.total == 1 and on_28.inbox.total == 1
    both = build_report(store, Period(date(2026, 11, 27), date(2026, 11, 28), zone), now=NOW)
    assert [d.total for d in both.inbox.days] == [1, 1]


def test_content_mix_gaps_and_channels(store, desk):
    report = report_for(store, date(2026, 11, 24), date(2026, 11, 28))
    assert report.content.posts == 3
    assert report.content.by_goal_channel == [
        ("ad-new-audience", "Facebook page", 1),
        ("ad-new-audience", "Instagram page", 1),
        ("sales", "Facebook page", 1),
    ]
    mix = {r.goal: r for r in report.content.mix}
    assert (mix["sales"].posts, mix["sales"].share, mix["sales"].target) == (1, 1.0, 0.30)
    assert mix["questions"].share == 0 and mix["questions"].delta == -0.40
    assert mix["ad-new-audience"].share == 1.0  # shares are within a kind
    assert report.content.gaps == [date(2026, 11, 24), date(2026, 11, 28)]


def test_outcomes_per_goal_and_campaign(store, desk):
    posts = desk["posts"]
    add_outcome(
        store,
        posts["sales"].id,
        "2026-11-25",
        {"clicks": "100", "leads": "10", "sales": "2", "revenue": "50"},
    )
    rows = read_outcomes(
        store,
        [
            "UTM_Campaign,Date,Clicks,Leads,Sales,Revenue,Spend\n",
            "black-friday,2026-11-26,40,4,1,30,20\n",
            "Black Friday,2026-11-01,999,9,9,9,9\n",  # outside the range
        ],
        "ga.csv",
    )
    outcome_sql.replace_outcomes(store, rows)
    report = report_for(store, date(2026, 11, 24), date(2026, 11, 28))
    goals = {r.key: r for r in report.by_goal}
    sales = goals["sales"]
    assert (sales.posts, sales.clicks, sales.leads, sales.sales, sales.revenue) == (
        1,
        100,
        10,
        2,
        50,
    )
    assert sales.cost_per_lead is None  # no spend: organic
    ads = goals["ad-new-audience"]
    assert (ads.posts, ads.spend, ads.leads, ads.cost_per_lead, ads.cost_per_sale) == (
        2,
        20,
        4,
        5.0,
        20.0,
    )
    campaign = {r.key: r for r in report.by_campaign}["black-friday"]
    assert (campaign.posts, campaign.clicks, campaign.spend) == (2, 40, 20)
    assert report.outcome_totals.clicks == 140


def test_campaign_of_posts_with_several_goals(store, desk):
    brand = desk["brand"]
    from smmdesk.calendar.posts import create_post

    create_post(
        store,
        brand,
        title="Organic in the campaign",
        goal="sales",
        channel="Facebook page",
        when=NOW - timedelta(days=2),
        status="published",
        campaign="Black Friday",
        link="https://acme.example/bf",
        now=NOW,
    )
    outcome_sql.replace_outcomes(
        store,
        read_outcomes(store, ["campaign,date,clicks\n", "black-friday,2026-11-26,7\n"], "x.csv"),
    )
    report = report_for(store, date(2026, 11, 24), date(2026, 11, 28))
    assert {r.key: r.clicks for r in report.by_goal}[SEVERAL_GOALS] == 7


def test_lifetime_outcome_counts_on_the_post_day(store, desk):
    add_outcome(store, desk["posts"]["sales"].id, None, {"clicks": "5"})
    assert report_for(store, date(2026, 11, 25), date(2026, 11, 25)).outcome_totals.clicks == 5
    assert report_for(store, date(2026, 11, 26), date(2026, 11, 28)).outcome_totals.clicks == 0


def test_negative_comment_rate_per_goal(store, desk):
    posts = desk["posts"]
    add_post_link(store, posts["sales"].id, platform="fb", external_id="fbpost-1")
    add_post_link(
        store, posts["ad1"].id, platform="facebook", url="https://facebook.com/acme/posts/77"
    )
    report = report_for(store, date(2026, 11, 28), date(2026, 11, 28))
    goals = {r.key: r for r in report.by_goal}
    assert (goals["sales"].comments, goals["sales"].negative_rate) == (1, 1.0)
    assert goals["ad-new-audience"].comments == 1


def test_brand_filter(store, desk):
    from smmdesk.store.brands import create_brand

    other = create_brand(store, "Other")
    load(store, other, [comment("Awful, terrible", at=NOW - timedelta(minutes=5), id="o1")])
    only = report_for(store, date(2026, 11, 28), date(2026, 11, 28), brand=desk["brand"])
    every = report_for(store, date(2026, 11, 28), date(2026, 11, 28))
    assert (only.inbox.total, every.inbox.total) == (5, 6)
    assert only.brand == "Acme" and every.brand is None


def test_periods():
    zone = local_zone()
    week = last_days(7, NOW, zone)
    assert (week.first, week.last, week.days) == (date(2026, 11, 22), date(2026, 11, 28), 7)
    assert week.shifted(-1).last == date(2026, 11, 21)
    assert week.resized(1).days == 14 and week.resized(1).last == week.last
    assert week.resized(-1).days == 7
    assert parse_period("2026-11-01", None, now=NOW, zone=zone).last == date(2026, 11, 7)
    assert parse_period(None, "2026-11-07", now=NOW, zone=zone).first == date(2026, 11, 1)
