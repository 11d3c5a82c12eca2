package io.modelgate.schedule;

import java.time.Instant;
import java.util.Optional;

/**
 * @param due  the tick to run now (the newest missed one), if any
 * @param next the next tick after now, if the expression has one
 */
public record ScheduleDecision(Optional<Instant> due, Optional<Instant> next) {
}
