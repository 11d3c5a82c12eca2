package io.modelgate.schedule;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class RetrainScheduleTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static Optional<Instant> tick(String instant) {
        return Optional.of(at(instant));
    }

    /** Runs a reconcile loop with a fake clock stepping by {@code step}; returns every tick that was run. */
    private static List<Instant> runLoop(RetrainSchedule schedule, Instant from, Instant to, Duration step) {
        List<Instant> runs = new ArrayList<>();
        Instant lastHandled = from;
        for (Instant now = from; !now.isAfter(to); now = now.plus(step)) {
            ScheduleDecision decision = schedule.decide(lastHandled, now);
            if (decision.due().isPresent()) {
                runs.add(decision.due().get());
                lastHandled = decision.due().get();
                assertThat(schedule.decide(lastHandled, now).due()).as("no second run at %s", now).isEmpty();
            }
        }
        return runs;
    }

    // ---- parsing ----

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  ", "\t"})
    void emptyScheduleIsRejected(String expression) {
        assertThatThrownBy(() -> RetrainSchedule.parse(expression, null))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessage("schedule is empty");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not a cron       | contains 3 parts",
            "* * * *          | contains 4 parts",
            "0 0 * * * *      | contains 6 parts",
            "61 * * * *       | 61",
            "0 24 * * *       | 24",
            "0 0 0 * *        | 0",
            "0 0 * 13 *       | 13",
            "0 0 * * 8        | 8",
            "@reboot          | @reboot",
            "@every 1h        | @every",
            "a b c d e        | a b c d e",
    })
    void badExpressionIsRejectedNamingIt(String expression, String hint) {
        assertThatThrownBy(() -> RetrainSchedule.parse(expression, "UTC"))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessageStartingWith("invalid cron expression \"" + expression + "\": ")
                .hasMessageContaining(hint);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mars/Olympus", "europe/berlin", "Berlin", "CEST", "UTC+25"})
    void unknownTimeZoneIsRejectedWithAHint(String zone) {
        assertThatThrownBy(() -> RetrainSchedule.parse("@daily", zone))
                .isInstanceOf(InvalidScheduleException.class)
                .hasMessage("unknown time zone \"" + zone + "\" (use an IANA name such as Europe/Berlin)");
    }

    @Test
    void timeZoneIsCheckedEvenWhenTheExpressionIsFine() {
        assertThatThrownBy(() -> RetrainSchedule.parse("0 2 * * *", "Nowhere/City")).isInstanceOf(InvalidScheduleException.class);
    }

    @Test
    void invalidScheduleIsAnUncheckedException() {
        assertThat(new InvalidScheduleException("x")).isInstanceOf(RuntimeException.class).hasMessage("x");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {" "})
    void missingTimeZoneMeansUtc(String zone) {
        assertThat(RetrainSchedule.parse("@daily", zone).zone()).isEqualTo(ZoneId.of("UTC"));
    }

    @Test
    void keepsTheZoneAndTheTrimmedExpression() {
        RetrainSchedule schedule = RetrainSchedule.parse("  0 2 * * *  ", "Europe/Berlin");

        assertThat(schedule.expression()).isEqualTo("0 2 * * *");
        assertThat(schedule.zone()).isEqualTo(BERLIN);
    }

    // ---- macros ----

    @ParameterizedTest
    @CsvSource({
            "@hourly,   2025-06-11T14:00:00Z, 2025-06-11T15:00:00Z",
            "@daily,    2025-06-11T00:00:00Z, 2025-06-12T00:00:00Z",
            "@midnight, 2025-06-11T00:00:00Z, 2025-06-12T00:00:00Z",
            "@weekly,   2025-06-08T00:00:00Z, 2025-06-15T00:00:00Z",
            "@monthly,  2025-06-01T00:00:00Z, 2025-07-01T00:00:00Z",
            "@yearly,   2025-01-01T00:00:00Z, 2026-01-01T00:00:00Z",
            "@annually, 2025-01-01T00:00:00Z, 2026-01-01T00:00:00Z",
            "@HOURLY,   2025-06-11T14:00:00Z, 2025-06-11T15:00:00Z",
            "' @Daily ', 2025-06-11T00:00:00Z, 2025-06-12T00:00:00Z",
    })
    void macros(String expression, Instant due, Instant next) {
        // Wednesday 2025-06-11 14:20 UTC.
        ScheduleDecision decision = RetrainSchedule.parse(expression, null).decide(null, at("2025-06-11T14:20:00Z"));

        assertThat(decision.due()).contains(due);
        assertThat(decision.next()).contains(next);
    }

    // ---- decide ----

    @Test
    void nothingDueWhenNoTickSinceLastHandled() {
        RetrainSchedule hourly = RetrainSchedule.parse("@hourly", null);

        ScheduleDecision decision = hourly.decide(at("2025-06-11T09:00:00Z"), at("2025-06-11T09:59:59Z"));

        assertThat(decision.due()).isEmpty();
        assertThat(decision.next()).isEqualTo(tick("2025-06-11T10:00:00Z"));
    }

    @Test
    void lastHandledBetweenTicksStillSeesTheNextTick() {
        RetrainSchedule hourly = RetrainSchedule.parse("@hourly", null);

        assertThat(hourly.decide(at("2025-06-11T09:30:00Z"), at("2025-06-11T09:45:00Z")).due()).isEmpty();
        assertThat(hourly.decide(at("2025-06-11T09:30:00Z"), at("2025-06-11T10:05:00Z")).due()).isEqualTo(tick("2025-06-11T10:00:00Z"));
    }

    @Test
    void withoutLastHandledTheNewestTickIsDue() {
        ScheduleDecision decision = RetrainSchedule.parse("*/15 * * * *", null).decide(null, at("2025-06-11T09:52:10Z"));

        assertThat(decision.due()).isEqualTo(tick("2025-06-11T09:45:00Z"));
        assertThat(decision.next()).isEqualTo(tick("2025-06-11T10:00:00Z"));
    }

    @Test
    void longDowntimeGivesOneCatchUpNeverABurst() {
        RetrainSchedule hourly = RetrainSchedule.parse("0 * * * *", "UTC");
        Instant lastHandled = at("2025-06-11T00:00:00Z");
        Instant backUp = at("2025-06-11T10:30:00Z"); // down ten and a half hours: ten ticks missed

        ScheduleDecision first = hourly.decide(lastHandled, backUp);
        ScheduleDecision second = hourly.decide(first.due().orElseThrow(), backUp);
        ScheduleDecision later = hourly.decide(first.due().orElseThrow(), at("2025-06-11T10:59:59Z"));

        assertThat(first.due()).as("only the newest missed tick").isEqualTo(tick("2025-06-11T10:00:00Z"));
        assertThat(first.next()).isEqualTo(tick("2025-06-11T11:00:00Z"));
        assertThat(second.due()).as("deciding again right after the catch-up").isEmpty();
        assertThat(later.due()).isEmpty();
        assertThat(hourly.decide(first.due().orElseThrow(), at("2025-06-11T11:00:00Z")).due()).isEqualTo(tick("2025-06-11T11:00:00Z"));
    }

    @Test
    void downtimeOfWeeksStillGivesOneRun() {
        RetrainSchedule daily = RetrainSchedule.parse("@daily", null);

        ScheduleDecision decision = daily.decide(at("2025-01-01T00:00:00Z"), at("2025-03-15T12:00:00Z"));

        assertThat(decision.due()).isEqualTo(tick("2025-03-15T00:00:00Z"));
        assertThat(daily.decide(decision.due().orElseThrow(), at("2025-03-15T12:00:00Z")).due()).isEmpty();
    }

    @Test
    void tickExactlyAtNowIsDue() {
        ScheduleDecision decision = RetrainSchedule.parse("@hourly", null).decide(at("2025-06-11T09:00:00Z"), at("2025-06-11T10:00:00Z"));

        assertThat(decision.due()).isEqualTo(tick("2025-06-11T10:00:00Z"));
        assertThat(decision.next()).isEqualTo(tick("2025-06-11T11:00:00Z"));
    }

    @Test
    void tickJustAfterNowIsNotDueButNext() {
        ScheduleDecision decision = RetrainSchedule.parse("@hourly", null).decide(at("2025-06-11T09:00:00Z"), at("2025-06-11T09:59:59Z"));

        assertThat(decision.due()).isEmpty();
        assertThat(decision.next()).isEqualTo(tick("2025-06-11T10:00:00Z"));
    }

    @Test
    void tickAlreadyHandledAtNowIsNotDueAgain() {
        Instant tick = at("2025-06-11T10:00:00Z");

        assertThat(RetrainSchedule.parse("@hourly", null).decide(tick, tick).due()).isEmpty();
    }

    @Test
    void lastHandledInTheFutureMeansNothingIsDue() {
        // A clock that went backwards must not re-run what was handled.
        ScheduleDecision decision = RetrainSchedule.parse("@hourly", null).decide(at("2025-06-11T12:00:00Z"), at("2025-06-11T10:30:00Z"));

        assertThat(decision.due()).isEmpty();
        assertThat(decision.next()).isEqualTo(tick("2025-06-11T11:00:00Z"));
    }

    @Test
    void fractionsOfASecondAfterATickStillSeeIt() {
        RetrainSchedule hourly = RetrainSchedule.parse("@hourly", null);

        ScheduleDecision decision = hourly.decide(at("2025-06-11T09:00:00Z"), at("2025-06-11T10:00:00.250Z"));

        assertThat(decision.due()).isEqualTo(tick("2025-06-11T10:00:00Z"));
        assertThat(decision.next()).isEqualTo(tick("2025-06-11T11:00:00Z"));
    }

    @Test
    void missedTickIsDueEvenJustBeforeTheNextOne() {
        ScheduleDecision decision = RetrainSchedule.parse("@hourly", null)
                .decide(at("2025-06-11T08:00:00Z"), at("2025-06-11T09:59:59.500Z"));

        assertThat(decision.due()).isEqualTo(tick("2025-06-11T09:00:00Z"));
        assertThat(decision.next()).isEqualTo(tick("2025-06-11T10:00:00Z"));
    }

    @Test
    void nextIsStrictlyAfterNow() {
        RetrainSchedule schedule = RetrainSchedule.parse("*/5 * * * *", null);
        for (String now : List.of("2025-06-11T10:00:00Z", "2025-06-11T10:00:00.001Z", "2025-06-11T10:04:59.999Z", "2025-06-11T10:02:30Z")) {
            assertThat(schedule.decide(null, at(now)).next()).as(now).hasValueSatisfying(next -> assertThat(next).isAfter(at(now)));
        }
    }

    @Test
    void dayOfMonthAndDayOfWeekTogetherMeanEither() {
        // Kubernetes CronJob (and Vixie cron): when both are restricted, a day matching either runs.
        RetrainSchedule schedule = RetrainSchedule.parse("0 0 13 * 5", null);
        List<LocalDate> days = new ArrayList<>();
        Instant now = at("2025-07-01T00:00:00Z");
        for (int i = 0; i < 5; i++) {
            Instant next = schedule.decide(null, now).next().orElseThrow();
            days.add(LocalDate.ofInstant(next, ZoneOffset.UTC));
            now = next;
        }

        assertThat(days).containsExactly(LocalDate.of(2025, 7, 4), LocalDate.of(2025, 7, 11), LocalDate.of(2025, 7, 13),
                LocalDate.of(2025, 7, 18), LocalDate.of(2025, 7, 25));
    }

    @Test
    void scheduleThatNeverFiresHasNothingDueAndNoNext() {
        RetrainSchedule never = RetrainSchedule.parse("0 0 30 2 *", null);

        ScheduleDecision decision = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> never.decide(null, at("2025-06-11T00:00:00Z")));

        assertThat(decision.due()).isEmpty();
        assertThat(decision.next()).isEmpty();
    }

    // ---- time zones ----

    @Test
    void berlinTwoAmIsOneUtcInWinter() {
        RetrainSchedule schedule = RetrainSchedule.parse("0 2 * * *", "Europe/Berlin");

        ScheduleDecision decision = schedule.decide(null, at("2025-01-15T12:00:00Z"));

        assertThat(decision.due()).isEqualTo(tick("2025-01-15T01:00:00Z"));
        assertThat(decision.next()).isEqualTo(tick("2025-01-16T01:00:00Z"));
    }

    @Test
    void berlinTwoAmIsMidnightUtcInSummer() {
        RetrainSchedule schedule = RetrainSchedule.parse("0 2 * * *", "Europe/Berlin");

        ScheduleDecision decision = schedule.decide(null, at("2025-07-15T12:00:00Z"));

        assertThat(decision.due()).isEqualTo(tick("2025-07-15T00:00:00Z"));
        assertThat(decision.next()).isEqualTo(tick("2025-07-16T00:00:00Z"));
    }

    @Test
    void sameExpressionInAnotherZoneGivesAnotherInstant() {
        Instant now = at("2025-07-15T12:00:00Z");

        assertThat(RetrainSchedule.parse("0 2 * * *", "UTC").decide(null, now).due()).isEqualTo(tick("2025-07-15T02:00:00Z"));
        assertThat(RetrainSchedule.parse("0 2 * * *", "America/New_York").decide(null, now).due()).isEqualTo(tick("2025-07-15T06:00:00Z"));
        assertThat(RetrainSchedule.parse("0 2 * * *", "Asia/Kolkata").decide(null, now).due()).isEqualTo(tick("2025-07-14T20:30:00Z"));
    }

    @Test
    void hourlyAcrossTheSpringGapRunsOncePerRealHour() {
        // 2025-03-30 in Berlin: 02:00 CET jumps to 03:00 CEST.
        List<Instant> runs = runLoop(RetrainSchedule.parse("@hourly", "Europe/Berlin"),
                at("2025-03-29T22:30:00Z"), at("2025-03-30T04:30:00Z"), Duration.ofMinutes(1));

        assertThat(runs).doesNotHaveDuplicates().containsExactly(
                at("2025-03-29T23:00:00Z"), at("2025-03-30T00:00:00Z"), at("2025-03-30T01:00:00Z"),
                at("2025-03-30T02:00:00Z"), at("2025-03-30T03:00:00Z"), at("2025-03-30T04:00:00Z"));
    }

    @Test
    void hourlyAcrossTheAutumnOverlapRunsOncePerRealHour() {
        // 2025-10-26 in Berlin: 03:00 CEST falls back to 02:00 CET, so 02:xx happens twice.
        List<Instant> runs = runLoop(RetrainSchedule.parse("@hourly", "Europe/Berlin"),
                at("2025-10-25T22:30:00Z"), at("2025-10-26T03:30:00Z"), Duration.ofMinutes(1));

        assertThat(runs).doesNotHaveDuplicates().containsExactly(
                at("2025-10-25T23:00:00Z"), at("2025-10-26T00:00:00Z"), at("2025-10-26T01:00:00Z"),
                at("2025-10-26T02:00:00Z"), at("2025-10-26T03:00:00Z"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30 2 * * *", "0 2 * * *", "0 3 * * *", "59 1 * * *"})
    void dailyScheduleInTheSpringGapNeverRunsTwice(String expression) {
        List<Instant> runs = runLoop(RetrainSchedule.parse(expression, "Europe/Berlin"),
                at("2025-03-28T00:00:00Z"), at("2025-04-02T00:00:00Z"), Duration.ofMinutes(7));

        Map<LocalDate, Integer> perDay = new TreeMap<>();
        runs.forEach(run -> perDay.merge(LocalDate.ofInstant(run, BERLIN), 1, Integer::sum));
        assertThat(runs).doesNotHaveDuplicates();
        assertThat(perDay.values()).allSatisfy(count -> assertThat(count).isEqualTo(1));
        assertThat(perDay.keySet()).contains(LocalDate.of(2025, 3, 29), LocalDate.of(2025, 3, 31));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0 1 * * *", "0 4 * * *", "59 3 * * *"})
    void dailyScheduleOutsideTheAutumnOverlapRunsOncePerDay(String expression) {
        List<Instant> runs = runLoop(RetrainSchedule.parse(expression, "Europe/Berlin"),
                at("2025-10-24T00:00:00Z"), at("2025-10-29T00:00:00Z"), Duration.ofMinutes(7));

        Set<LocalDate> days = new LinkedHashSet<>();
        runs.forEach(run -> assertThat(days.add(LocalDate.ofInstant(run, BERLIN))).as("one run per day, %s", run).isTrue());
        assertThat(days).contains(LocalDate.of(2025, 10, 25), LocalDate.of(2025, 10, 26), LocalDate.of(2025, 10, 27));
    }

    @Test
    void dailyScheduleInTheAutumnOverlapRunsOnce() {
        RetrainSchedule schedule = RetrainSchedule.parse("30 2 * * *", "Europe/Berlin");

        List<Instant> runs = runLoop(schedule, at("2025-10-25T12:00:00Z"), at("2025-10-27T12:00:00Z"), Duration.ofMinutes(7));

        assertThat(runs).filteredOn(run -> LocalDate.ofInstant(run, BERLIN).equals(LocalDate.of(2025, 10, 26))).hasSize(1);
    }

    /** Found by RetrainSchedulePropertiesTest (seed 2916757284713788279): 02:30 on 2024-10-27 in Berlin is 00:30Z and 01:30Z. */
    @ParameterizedTest
    @ValueSource(strings = {"2024-10-27T00:30:00Z", "2024-10-27T01:00:00Z", "2024-10-27T01:30:00Z", "2024-10-27T01:31:00Z",
            "2024-10-27T15:44:59Z"})
    void aFixedTimeInTheAutumnOverlapIsItsFirstOccurrenceWhereverTheClockStands(String now) {
        RetrainSchedule schedule = RetrainSchedule.parse("30 2 * * *", "Europe/Berlin");

        ScheduleDecision decision = schedule.decide(null, at(now));

        assertThat(decision.due()).isEqualTo(tick("2024-10-27T00:30:00Z"));
        assertThat(decision.next()).isEqualTo(tick("2024-10-28T01:30:00Z"));
        assertThat(schedule.decide(at("2024-10-27T00:30:00Z"), at(now)).due()).isEmpty();
    }

    @Test
    void reconcileLoopEveryMinuteRunsEveryTickOnceInUtc() {
        List<Instant> runs = runLoop(RetrainSchedule.parse("*/15 * * * *", null),
                at("2025-06-11T00:00:00Z"), at("2025-06-11T02:00:00Z"), Duration.ofSeconds(47));

        assertThat(runs).containsExactly(
                at("2025-06-11T00:15:00Z"), at("2025-06-11T00:30:00Z"), at("2025-06-11T00:45:00Z"),
                at("2025-06-11T01:00:00Z"), at("2025-06-11T01:15:00Z"), at("2025-06-11T01:30:00Z"),
                at("2025-06-11T01:45:00Z"));
    }

    /** Found by RetrainSchedulePropertiesTest (seed 4167754893196975431): the day after Chatham's clocks went forward. */
    @Test
    void theNewestTickIsDueJustAfterAClockChangeInAQuarterHourZone() {
        RetrainSchedule daily = RetrainSchedule.parse("30 2 * * *", "Pacific/Chatham");

        ScheduleDecision decision = daily.decide(Instant.parse("2024-01-03T02:59:59Z"), Instant.parse("2024-09-29T23:09:24Z"));

        // 02:30 on 30 September at +13:45.
        org.assertj.core.api.Assertions.assertThat(decision.due()).contains(Instant.parse("2024-09-29T12:45:00Z"));
    }
}
