package io.modelgate.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a {@link ModelgateE2e} class: the platform controllers its local cluster runs besides the control plane
 * ({@code hack/local-cluster.sh up --with trainer,jobset,kueue}), the real managers built by
 * {@code hack/build-platform.sh}, started before the chart is installed so that the operator finds their kinds
 * served when it starts.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
public @interface LocalClusterWith {
    /** Any of {@code trainer}, {@code jobset}, {@code kueue} (the three start together), and {@code kserve}. */
    String[] value();
}
