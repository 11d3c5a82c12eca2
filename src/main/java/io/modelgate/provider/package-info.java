/**
 * Metric providers for rollout analysis: each turns one configured query into an
 * {@link io.modelgate.analysis.ProviderResult} (Value, NoData or Error), never throws, and never waits longer
 * than the query's timeout.
 * <ul>
 *   <li>{@link io.modelgate.provider.PrometheusProvider}: an instant PromQL query, the template rendered by
 *       {@link io.modelgate.provider.QueryTemplate};</li>
 *   <li>{@link io.modelgate.provider.HttpJsonProvider}: GET a JSON document, one number by JSON pointer.</li>
 * </ul>
 * Plain Java 17 ({@code java.net.http} and Jackson): no Kubernetes client. Resolving Secrets into headers,
 * choosing the time of a measurement and judging the result against bounds are the callers' business.
 */
package io.modelgate.provider;
