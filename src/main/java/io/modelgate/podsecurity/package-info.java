/**
 * The Pod Security Standards as Modelgate applies them before it creates anything: the levels, the checks of
 * k8s.io/pod-security-admission (policy version "latest" as of Kubernetes 1.34) over a pod template, with every
 * violation naming the field of the pipeline that causes it, and the restricted defaults Modelgate gives generated
 * pods. Plain Java over the Fabric8 model: no client, no runtime.
 */
package io.modelgate.podsecurity;
