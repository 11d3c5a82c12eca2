package io.modelgate.serving;

import io.modelgate.api.ServingSpec;

/** The serving backend a pipeline chose ({@code spec.serving.backend}). */
public final class ServingBackends {

    private static final ServingBackend DEPLOYMENT = new DeploymentServing();

    private ServingBackends() {
    }

    public static ServingBackend of(ServingSpec serving) {
        ServingSpec.Backend backend = serving == null ? null : serving.getBackend();
        return switch (backend == null ? ServingSpec.Backend.Deployment : backend) {
            case Deployment -> DEPLOYMENT;
        };
    }
}
