package io.modelgate.pipeline;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.informer.ManagedInformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.TemporaryResourceCache;
import org.jboss.logging.Logger;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets go of the server's answers to the operator's writes once the informers hold those versions. JOSDK keeps each
 * answer (the whole object, managedFields included, not pruned: it does not pass through {@link PrunedStore}) in an
 * event source's temporary cache so that the next pass reads its own write, and drops it when the watch event of
 * that version arrives. In JOSDK 5.3.2 an event that arrives before the answer is put leaves the answer there for
 * good, for an object that does not change again: a heap dump after 300 pipelines served found nearly every Service,
 * revision and pipeline written held twice that way, about a third of the heap per pipeline. An answer whose version
 * the informer has reached is never read again (the event source then reads its informer), so letting it go here, as
 * the event would have, changes what a pass reads in no way. An answer for an object the informer lacks is left to
 * JOSDK's own check for deletes the watch missed.
 */
final class SettledWrites {

    static final Duration EVERY = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(SettledWrites.class);
    private static final Field TEMPORARY = temporaryCacheField();

    /**
     * Every event source of this process, weakly held: one daemon thread sweeps them all, and a stopped operator's
     * sources (tests start many) go with it.
     */
    private static final Set<ManagedInformerEventSource<?, ?, ?>> SOURCES = Collections.newSetFromMap(new WeakHashMap<>());
    private static final AtomicBoolean SCHEDULED = new AtomicBoolean();

    private SettledWrites() {
    }

    /** Sweeps {@code source} every {@link #EVERY} from now on (a daemon thread, started with the first source). */
    static void watch(Object source) {
        if (!(source instanceof ManagedInformerEventSource<?, ?, ?> informer)) {
            return;
        }
        synchronized (SOURCES) {
            SOURCES.add(informer);
        }
        if (SCHEDULED.compareAndSet(false, true)) {
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(run -> {
                Thread thread = new Thread(run, "modelgate-settled-writes");
                thread.setDaemon(true);
                return thread;
            });
            timer.scheduleWithFixedDelay(SettledWrites::sweep, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    static int sweep() {
        List<ManagedInformerEventSource<?, ?, ?>> sources;
        synchronized (SOURCES) {
            sources = List.copyOf(SOURCES);
        }
        int settled = 0;
        for (ManagedInformerEventSource<?, ?, ?> source : sources) {
            try {
                settled += settle(source);
            } catch (RuntimeException e) {
                // A sweep only saves heap: it never stops the operator, and the next one tries again.
                LOG.debugf(e, "could not sweep the written objects of %s", source.name());
            }
        }
        return settled;
    }

    /** @return how many answers the informer had caught up with and were let go */
    static <R extends HasMetadata> int settle(ManagedInformerEventSource<R, ?, ?> source) {
        TemporaryResourceCache<R> written = temporaryCache(source);
        int settled = 0;
        for (R cached : source.list(any -> true).toList()) {
            Optional<R> answer = written.getResourceFromCache(ResourceID.fromResource(cached));
            if (answer.isPresent() && !newer(answer.get(), cached)) {
                // What the watch event of this version would have done: the answer leaves the temporary cache.
                written.onAddOrUpdateEvent(ResourceAction.UPDATED, cached, null);
                settled++;
            }
        }
        return settled;
    }

    /** Resource versions compared as JOSDK compares them: as the numbers the API server gives out. */
    static boolean newer(HasMetadata a, HasMetadata b) {
        String x = a.getMetadata().getResourceVersion();
        String y = b.getMetadata().getResourceVersion();
        if (x == null || y == null) {
            return x != null;
        }
        return x.length() != y.length() ? x.length() > y.length() : x.compareTo(y) > 0;
    }

    @SuppressWarnings("unchecked")
    static <R extends HasMetadata> TemporaryResourceCache<R> temporaryCache(ManagedInformerEventSource<R, ?, ?> source) {
        try {
            return (TemporaryResourceCache<R>) TEMPORARY.get(source);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field temporaryCacheField() {
        try {
            Field field = ManagedInformerEventSource.class.getDeclaredField("temporaryResourceCache");
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("JOSDK's event sources no longer hold a temporaryResourceCache", e);
        }
    }
}
