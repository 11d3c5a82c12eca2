package io.modelgate.e2e;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a static, parameterless method of a {@link ModelgateE2e} class returning {@code Map<String, ?>}: Helm values
 * ({@code --set key=value}) for the chart installation of that class, e.g. {@code operator.maxConcurrentRollouts}.
 * The method runs before the cluster starts, so it may start what the values point at (a Prometheus whose address
 * goes into {@code operator.prometheusAddress}). The operator process gets its environment from the installed
 * chart's Deployment, so values reach it the way they reach a real installation.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface HelmValues {
}
