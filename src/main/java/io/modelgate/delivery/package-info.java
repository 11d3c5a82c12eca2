/**
 * Progressive delivery between the API and the decision logic: reads {@code spec.rollout} into the
 * {@code rollout} and {@code analysis} models, keeps analysis runs, and maps their state to and from the
 * revision's status. Plain Java: no Kubernetes client, no clock (time comes in as arguments).
 */
package io.modelgate.delivery;
