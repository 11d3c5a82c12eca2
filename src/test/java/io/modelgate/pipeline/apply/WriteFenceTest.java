package io.modelgate.pipeline.apply;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteFenceTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Integer> halts = new ArrayList<>();
    private final WriteFence fence = new WriteFence(Duration.ofSeconds(5), now::get, halts::add);

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Test
    void aLeaderThatKeepsTickingWrites() {
        fence.leading();
        for (int i = 0; i < 100; i++) {
            advance(Duration.ofMillis(100));
            fence.tick();
            fence.check("a write");
        }
        assertThat(halts).isEmpty();
    }

    @Test
    void aLeaderResumedAfterAFreezeHaltsBeforeItsFirstWriteEvenBeforeTheHeartbeatTicks() {
        fence.leading();
        fence.tick();
        advance(Duration.ofSeconds(12)); // SIGSTOP ... SIGCONT: the monotonic clock went on
        assertThatThrownBy(() -> fence.check("create jobs/x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("create jobs/x").hasMessageContaining("12000 ms");
        assertThat(halts).containsExactly(1);
    }

    @Test
    void whenTheHeartbeatSeesTheGapFirstItHaltsAndTheGapStaysVisibleToWrites() {
        fence.leading();
        advance(Duration.ofSeconds(6));
        fence.tick();
        assertThat(halts).containsExactly(1);
        assertThatThrownBy(() -> fence.check("a write")).isInstanceOf(IllegalStateException.class);
        advance(Duration.ofMillis(100));
        fence.tick();
        assertThatThrownBy(() -> fence.check("a write")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aGapUpToTheLimitIsTolerated() {
        fence.leading();
        advance(Duration.ofSeconds(5));
        fence.check("a write");
        fence.tick();
        assertThat(halts).isEmpty();
    }

    @Test
    void aStandbyIsNeverFencedItDoesNotWriteAndCountsFromItsStartOfLeading() {
        advance(Duration.ofSeconds(60)); // a standby, frozen or not, for a minute
        fence.tick();
        fence.check("nothing: a standby does not write");
        assertThat(halts).isEmpty();
        fence.leading();
        advance(Duration.ofSeconds(1));
        fence.check("a write");
        assertThat(halts).isEmpty();
    }

    @Test
    void noFenceWithoutLeaderElection() {
        WriteFence.NONE.leading();
        WriteFence.NONE.check("a write");
        WriteFence.NONE.tick();
    }
}
