package io.modelgate.schedule;

import io.modelgate.testing.Gen;
import io.modelgate.testing.Property;
import org.junit.jupiter.api.Test;

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

    @Test
    void dueIsWithinLastHandledAndNowAndNextIsAfterNow() {
        Property.tries(1000).forAll(expressions(), zones(), instants(), instants(), (expression, zone, lastHandled, now) -> {
            RetrainSchedule schedule = RetrainSchedule.parse(expression, zone);

            ScheduleDecision decision = schedule.decide(lastHandled, now);

            decision.due().ifPresent(due -> {
                assertThat(due).isAfter(lastHandled);
                assertThat(due).isBeforeOrEqualTo(now);
            });
            assertThat(decision.next()).as("every generated expression fires again").isPresent();
            assertThat(decision.next().get()).isAfter(now);
            decision.due().ifPresent(due -> assertThat(decision.next().get()).isAfter(due));
        });
    }

    @Test
    void dueIsTheNewestTickAndHandlingItLeavesNothingDue() {
        Property.tries(1000).forAll(expressions(), zones(), instants(), instants(), (expression, zone, lastHandled, now) -> {
            RetrainSchedule schedule = RetrainSchedule.parse(expression, zone);

            Optional<Instant> due = schedule.decide(lastHandled, now).due();

            due.ifPresent(tick -> {
                assertThat(schedule.decide(tick, now).due()).as("no burst after handling %s", tick).isEmpty();
                assertThat(schedule.decide(null, tick).due()).as("the due instant is itself a tick").contains(tick);
                assertThat(schedule.decide(null, now).due()).as("the same newest tick without history").contains(tick);
            });
        });
    }

    @Test
    void dueMatchesTheArithmeticOracleInUtc() {
        Property.tries(1000).forAll(Gen.of(UtcSchedule.class), instants(), instants(), (schedule, lastHandled, now) -> {
            Instant newest = schedule.newestTickAtOrBefore.apply(now);

            ScheduleDecision decision = RetrainSchedule.parse(schedule.expression, null).decide(lastHandled, now);

            assertThat(decision.due()).isEqualTo(newest.isAfter(lastHandled) ? Optional.of(newest) : Optional.empty());
            assertThat(decision.next()).hasValueSatisfying(next -> {
                assertThat(next).isAfter(now);
                assertThat(schedule.newestTickAtOrBefore.apply(next)).isEqualTo(next);
                assertThat(schedule.newestTickAtOrBefore.apply(next.minusSeconds(1))).as("no tick between now and next")
                        .isBeforeOrEqualTo(now);
            });
        });
    }

    @Test
    void simulatedClockRunsEachNewestTickExactlyOnce() {
        Property.tries(300).forAll(Gen.of(UtcSchedule.class), startInstants(), Gen.ints(1, 3 * 3600).list(1, 200),
                (schedule, start, jumps) -> {
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
        });
    }

    @Test
    void simulatedClockInAZoneNeverBursts() {
        Property.tries(200).forAll(expressions(), zones(), startInstants(), Gen.ints(1, 3 * 3600).list(1, 200),
                (expression, zone, start, jumps) -> {
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
        });
    }

    @Test
    void dailyScheduleAtAnUnambiguousTimeRunsAtMostOncePerLocalDay() {
        Property.tries(200).forAll(zones(), Gen.ints(4, 23), startInstants(), Gen.ints(60, 6 * 3600).list(1, 300),
                (zone, hour, start, jumps) -> {
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
        });
    }

    // ---- generators ----

    Gen<Instant> instants() {
        return Gen.oneOf(
                Gen.longs(FROM, TO).map(Instant::ofEpochSecond),
                // Often exactly on or next to a round time, where ticks are.
                Gen.longs(FROM / 900, TO / 900).map(quarter -> Instant.ofEpochSecond(quarter * 900)),
                Gen.longs(FROM / 900, TO / 900).map(quarter -> Instant.ofEpochSecond(quarter * 900 - 1)),
                Gen.longs(FROM / 900, TO / 900).map(quarter -> Instant.ofEpochSecond(quarter * 900 + 1)));
    }

    Gen<Instant> startInstants() {
        return instants();
    }

    Gen<String> expressions() {
        return Gen.of("@hourly", "@daily", "@weekly", "@monthly", "*/15 * * * *", "0 */6 * * *", "30 2 * * *",
                "0 3 * * 1-5", "5 4 1,15 * *", "0 0 13 * 5", "* * * * *", "0 9-17 * * *");
    }

    Gen<String> zones() {
        return Gen.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham");
    }
}
