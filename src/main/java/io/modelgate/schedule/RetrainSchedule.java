package io.modelgate.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A cron schedule of retraining (Kubernetes CronJob syntax: five fields or a macro, optional time zone).
 * Missed ticks collapse into one: after any downtime at most one catch-up run is due, never a burst.
 */
public final class RetrainSchedule {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private static final Map<String, String> MACROS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime executionTime;

    private final boolean fixedHours;

    private RetrainSchedule(String expression, ZoneId zone, ExecutionTime executionTime, boolean fixedHours) {
        this.expression = expression;
        this.zone = zone;
        this.executionTime = executionTime;
        this.fixedHours = fixedHours;
    }

    /** @throws InvalidScheduleException with a message fit for a status condition */
    public static RetrainSchedule parse(String expression, String timeZone) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidScheduleException("schedule is empty");
        }
        ZoneId zone;
        try {
            zone = timeZone == null || timeZone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw new InvalidScheduleException("unknown time zone \"" + timeZone + "\" (use an IANA name such as Europe/Berlin)");
        }
        String trimmed = expression.trim();
        String fields = MACROS.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed);
        Cron cron;
        try {
            cron = PARSER.parse(fields);
            cron.validate();
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException("invalid cron expression \"" + expression + "\": " + e.getMessage());
        }
        String[] parts = fields.split("\\s+");
        boolean fixedHours = parts.length > 1 && !parts[1].contains("*");
        return new RetrainSchedule(trimmed, zone, ExecutionTime.forCron(cron), fixedHours);
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }

    /**
     * @param lastHandled the newest tick already acted on (or when the pipeline was created, if none)
     * @param now         the current time, from an injected clock
     */
    public ScheduleDecision decide(Instant lastHandled, Instant now) {
        ZonedDateTime zonedNow = now.atZone(zone);
        Optional<Instant> latestTick = latestTickAtOrBefore(zonedNow).map(this::onceInAnOverlap).map(ZonedDateTime::toInstant);
        Optional<Instant> due = latestTick
                .filter(tick -> lastHandled == null || tick.isAfter(lastHandled))
                .filter(tick -> lastHandled == null || !repeatsWallClockTime(tick, lastHandled));
        Optional<ZonedDateTime> following = executionTime.nextExecution(zonedNow);
        if (following.isPresent() && !onceInAnOverlap(following.get()).equals(following.get())) {
            following = executionTime.nextExecution(following.get());
        }
        Optional<Instant> next = following.map(ZonedDateTime::toInstant).filter(tick -> tick.isAfter(now));
        return new ScheduleDecision(due, next);
    }

    private Optional<ZonedDateTime> latestTickAtOrBefore(ZonedDateTime now) {
        // Ticks fall on whole minutes; a tick exactly at "now" counts as passed, not as next.
        ZonedDateTime minute = now.truncatedTo(ChronoUnit.MINUTES);
        if (executionTime.isMatch(minute)) {
            return Optional.of(minute);
        }
        Optional<ZonedDateTime> last = executionTime.lastExecution(now);
        // cron-utils can answer an older tick just after some zones' clock changes (Pacific/Chatham, +12:45 to
        // +13:45): step forward while the next tick has passed too, so the newest one is due.
        for (int step = 0; step < 64 && last.isPresent(); step++) {
            Optional<ZonedDateTime> following = executionTime.nextExecution(last.get());
            if (following.isEmpty() || !following.get().isAfter(last.get()) || following.get().isAfter(now)) {
                break;
            }
            last = following;
        }
        return last;
    }

    /**
     * A fixed local time inside a fall-back overlap names two instants; the schedule's tick is the first of them,
     * whichever one cron-utils answers (it answers either, depending on where it starts counting).
     */
    private ZonedDateTime onceInAnOverlap(ZonedDateTime tick) {
        return fixedHours ? tick.withEarlierOffsetAtOverlap() : tick;
    }

    /**
     * When clocks fall back, a fixed local time (02:30 daily) happens twice; like cron, run it once.
     * Schedules with wildcard hours run every real hour through the overlap.
     */
    private boolean repeatsWallClockTime(Instant tick, Instant lastHandled) {
        return fixedHours && tick.atZone(zone).toLocalDateTime().equals(lastHandled.atZone(zone).toLocalDateTime());
    }
}
