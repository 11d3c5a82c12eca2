package io.modelgate.schedule;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

class RetrainSchedulePropertiesTest {

    /** Window of generated instants: 2024-01-01 .. 2027-01-01 UTC, whole seconds. */
    private static final long FROM = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
    private static final long TO = Instant.parse("2027-01-01T00:00:00Z").getEpochSecond();

    /** UTC schedules whose newest tick at or before an instant is plain arithmetic: an independent oracle. */
    enum UtcSchedule {
        HOURLY("@hourly", now -> now.truncatedTo(ChronoUnit.HOURS)),
        QUARTER("*/15 * * * *", now -> floor(now, Duration.ofMinutes(15), Duration.ZERO)),
        SIX_HOURS("0 */6 * * *", now -> floor(now, Duration.ofHours(6), Duration.ZERO)),
        DAILY("@daily", now -> now.truncatedTo(ChronoUnit.DAYS)),
        DAILY_AT_0230("30 2 * * *", now -> floor(now, Duration.ofDays(1), Duration.ofMinutes(150))),
        EVERY_MINUTE("* * * * *", now -> now.truncatedTo(ChronoUnit.MINUTES));

        final String expression;
        final UnaryOperator<Instant> newestTickAtOrBefore;

        UtcSchedule(String expression, UnaryOperator<Instant> newestTickAtOrBefore) {
            this.expression = expression;
            this.newestTickAtOrBefore = newestTickAtOrBefore;
        }

        private static Instant floor(Instant now, Duration period, Duration offset) {
            long seconds = now.getEpochSecond() - offset.getSeconds();
            return Instant.ofEpochSecond(Math.floorDiv(seconds, period.getSeconds()) * period.getSeconds() + offset.getSeconds());
        }
    }

    @Property(tries = 1000)
    void dueIsWithinLastHandledAndNowAndNextIsAfterNow(@ForAll("expressions") String expression, @ForAll("zones") String zone,
                                                       @ForAll("instants") Instant lastHandled, @ForAll("instants") Instant now) {
        RetrainSchedule schedule = RetrainSchedule.parse(expression, zone);

        ScheduleDecision decision = schedule.decide(lastHandled, now);

        decision.due().ifPresent(due -> {
            assertThat(due).isAfter(lastHandled);
            assertThat(due).isBeforeOrEqualTo(now);
        });
        assertThat(decision.next()).as("every generated expression fires again").isPresent();
        assertThat(decision.next().get()).isAfter(now);
        decision.due().ifPresent(due -> assertThat(decision.next().get()).isAfter(due));
    }

    @Property(tries = 1000)
    void dueIsTheNewestTickAndHandlingItLeavesNothingDue(@ForAll("expressions") String expression, @ForAll("zones") String zone,
                                                         @ForAll("instants") Instant lastHandled, @ForAll("instants") Instant now) {
        RetrainSchedule schedule = RetrainSchedule.parse(expression, zone);

        Optional<Instant> due = schedule.decide(lastHandled, now).due();

        due.ifPresent(tick -> {
            assertThat(schedule.decide(tick, now).due()).as("no burst after handling %s", tick).isEmpty();
            assertThat(schedule.decide(null, tick).due()).as("the due instant is itself a tick").contains(tick);
            assertThat(schedule.decide(null, now).due()).as("the same newest tick without history").contains(tick);
        });
    }

    @Property(tries = 1000)
    void dueMatchesTheArithmeticOracleInUtc(@ForAll UtcSchedule schedule, @ForAll("instants") Instant lastHandled,
                                            @ForAll("instants") Instant now) {
        Instant newest = schedule.newestTickAtOrBefore.apply(now);

        ScheduleDecision decision = RetrainSchedule.parse(schedule.expression, null).decide(lastHandled, now);

        assertThat(decision.due()).isEqualTo(newest.isAfter(lastHandled) ? Optional.of(newest) : Optional.empty());
        assertThat(decision.next()).hasValueSatisfying(next -> {
            assertThat(next).isAfter(now);
            assertThat(schedule.newestTickAtOrBefore.apply(next)).isEqualTo(next);
            assertThat(schedule.newestTickAtOrBefore.apply(next.minusSeconds(1))).as("no tick between now and next")
                    .isBeforeOrEqualTo(now);
        });
    }

    @Property(tries = 300)
    void simulatedClockRunsEachNewestTickExactlyOnce(@ForAll UtcSchedule schedule, @ForAll("startInstants") Instant start,
                                                     @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 1, max = 3 * 3600) Integer> jumps) {
        RetrainSchedule retrain = RetrainSchedule.parse(schedule.expression, "UTC");
        Instant lastHandled = start;
        Instant now = start;
        List<Instant> runs = new ArrayList<>();
        Set<Instant> newestTicksSeen = new LinkedHashSet<>();
        for (int jump : jumps) {
            now = now.plusSeconds(jump);
            Instant newest = schedule.newestTickAtOrBefore.apply(now);
            if (newest.isAfter(start)) {
                newestTicksSeen.add(newest);
            }
            ScheduleDecision decision = retrain.decide(lastHandled, now);
            if (decision.due().isPresent()) {
                runs.add(decision.due().get());
                lastHandled = decision.due().get();
                assertThat(retrain.decide(lastHandled, now).due()).as("one run per decide, never a burst").isEmpty();
            }
        }

        assertThat(runs).doesNotHaveDuplicates().isSorted();
        assertThat(runs).hasSameSizeAs(newestTicksSeen);
        assertThat(runs).containsExactlyElementsOf(newestTicksSeen);
    }

    @Property(tries = 200)
    void simulatedClockInAZoneNeverBursts(@ForAll("expressions") String expression, @ForAll("zones") String zone,
                                          @ForAll("startInstants") Instant start,
                                          @ForAll @Size(min = 1, max = 200) List<@IntRange(min = 1, max = 3 * 3600) Integer> jumps) {
        RetrainSchedule retrain = RetrainSchedule.parse(expression, zone);
        Instant lastHandled = start;
        Instant now = start;
        List<Instant> runs = new ArrayList<>();
        for (int jump : jumps) {
            Instant previous = now;
            now = now.plusSeconds(jump);
            ScheduleDecision decision = retrain.decide(lastHandled, now);
            if (decision.due().isPresent()) {
                Instant due = decision.due().get();
                assertThat(due).isAfter(lastHandled).isBeforeOrEqualTo(now);
                if (!runs.isEmpty()) {
                    // A new run needs a tick that was not there at the previous decision.
                    assertThat(due).isAfter(previous);
                }
                runs.add(due);
                lastHandled = due;
                assertThat(retrain.decide(lastHandled, now).due()).isEmpty();
            }
        }
        assertThat(runs).doesNotHaveDuplicates().isSorted();
    }

    @Property(tries = 200)
    void dailyScheduleAtAnUnambiguousTimeRunsAtMostOncePerLocalDay(@ForAll("zones") String zone,
                                                                   @ForAll @IntRange(min = 4, max = 23) int hour,
                                                                   @ForAll("startInstants") Instant start,
                                                                   @ForAll @Size(min = 1, max = 300) List<@IntRange(min = 60, max = 6 * 3600) Integer> jumps) {
        RetrainSchedule retrain = RetrainSchedule.parse("0 " + hour + " * * *", zone);
        Instant lastHandled = start;
        Instant now = start;
        Set<LocalDate> days = new LinkedHashSet<>();
        for (int jump : jumps) {
            now = now.plusSeconds(jump);
            Optional<Instant> due = retrain.decide(lastHandled, now).due();
            if (due.isPresent()) {
                assertThat(days.add(LocalDate.ofInstant(due.get(), ZoneId.of(zone)))).as("second run on the day of %s", due.get()).isTrue();
                lastHandled = due.get();
            }
        }
    }

    // ---- generators ----

    @Provide
    Arbitrary<Instant> instants() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(FROM, TO).map(Instant::ofEpochSecond),
                // Often exactly on or next to a round time, where ticks are.
                Arbitraries.longs().between(FROM / 900, TO / 900).map(quarter -> Instant.ofEpochSecond(quarter * 900)),
                Arbitraries.longs().between(FROM / 900, TO / 900).map(quarter -> Instant.ofEpochSecond(quarter * 900 - 1)),
                Arbitraries.longs().between(FROM / 900, TO / 900).map(quarter -> Instant.ofEpochSecond(quarter * 900 + 1)));
    }

    @Provide
    Arbitrary<Instant> startInstants() {
        return instants();
    }

    @Provide
    Arbitrary<String> expressions() {
        return Arbitraries.of("@hourly", "@daily", "@weekly", "@monthly", "*/15 * * * *", "0 */6 * * *", "30 2 * * *",
                "0 3 * * 1-5", "5 4 1,15 * *", "0 0 13 * 5", "* * * * *", "0 9-17 * * *");
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham");
    }
}
