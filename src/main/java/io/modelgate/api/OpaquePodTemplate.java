package io.modelgate.api;

/**
 * The schema published for pod templates: an object kept as written. The full PodSpec schema,
 * repeated for each of the four templates, would push the CRD past etcd's object size limit; the
 * API server validates the real Pod when the operator creates the Job or Deployment, a rejection
 * becomes a status condition, and the operator checks the essentials (a first container with an image).
 */
final class OpaquePodTemplate {
    private OpaquePodTemplate() {
    }
}
