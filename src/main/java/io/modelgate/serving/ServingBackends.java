package io.modelgate.serving;

import io.modelgate.api.ServingSpec;

/** The serving backend of a revision ({@code spec.serving.backend}, frozen with it). */
public final class ServingBackends {

    private static final ServingBackend DEPLOYMENT = new DeploymentServing();

    private ServingBackends() {
    }

    /**
     * @param frozen  the revision's serving, which says what it serves from
     * @param current the pipeline's serving now: how many pods the stable revision gets and how an InferenceService
     *                autoscales are not part of a revision, so a change of them scales, it does not retrain
     */
    public static ServingBackend of(ServingSpec frozen, ServingSpec current) {
        ServingSpec.Backend backend = frozen == null ? ServingSpec.Backend.Deployment : frozen.effectiveBackend();
        return switch (backend) {
            case Deployment -> DEPLOYMENT;
            case InferenceService -> InferenceServiceServing.of(current == null ? 1 : current.effectiveReplicas(),
                    current != null && current.effectiveBackend() == ServingSpec.Backend.InferenceService
                            ? current.getInferenceService() : frozen.getInferenceService());
        };
    }

    /** The backend a pipeline's spec chooses for its next revision. */
    public static ServingBackend of(ServingSpec current) {
        return of(current, current);
    }
}
