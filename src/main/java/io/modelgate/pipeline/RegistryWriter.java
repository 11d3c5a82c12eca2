package io.modelgate.pipeline;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.modelgate.pipeline.apply.WriteFence;
import io.modelgate.pipeline.plan.PassRounds;
import io.modelgate.registry.ModelRegistry;
import io.modelgate.registry.LookupAnswer;
import io.modelgate.registry.RegistryAnswer;
import io.modelgate.registry.RegistryLookup;
import io.modelgate.registry.RegistryTarget;
import io.modelgate.registry.RegistryCredentials;
import io.modelgate.registry.RegistryRequest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the registry writes and look-ups of one pass: reads each target's credentials Secret, then asks the registry.
 * Nothing here throws: a missing Secret or a registry that is down is an answer the plan records and retries.
 */
final class RegistryWriter implements PassRounds.Registrar {

    private final ModelRegistry registry;
    private final KubernetesClient client;
    private final WriteFence fence;

    /** @param fence asked before each write, as the cluster writer asks it: a replica that may have lost its Lease writes nothing */
    RegistryWriter(ModelRegistry registry, KubernetesClient client, WriteFence fence) {
        this.registry = registry;
        this.client = client;
        this.fence = fence;
    }

    @Override
    public Map<String, RegistryAnswer> write(List<RegistryRequest> requests) {
        Map<String, RegistryAnswer> answers = new LinkedHashMap<>();
        for (RegistryRequest request : requests) {
            fence.check("registry " + request.write() + " of " + request.target().namespace() + "/" + request.revision());
            try {
                answers.put(request.key(), registry.write(request, credentials(request.target())));
            } catch (IllegalStateException | IllegalArgumentException e) {
                // A Secret made or fixed later is read on the next attempt.
                answers.put(request.key(), new RegistryAnswer.Failed("credentials: " + e.getMessage(), false));
            }
        }
        return answers;
    }

    /** Reads only: no fence, as for the cluster reads of the observe step. */
    @Override
    public Map<String, LookupAnswer> lookUp(List<RegistryLookup> lookups) {
        Map<String, LookupAnswer> answers = new LinkedHashMap<>();
        for (RegistryLookup lookup : lookups) {
            try {
                answers.put(lookup.key(), registry.lookUp(lookup, credentials(lookup.target())));
            } catch (IllegalStateException | IllegalArgumentException e) {
                answers.put(lookup.key(), new LookupAnswer.Unavailable("credentials: " + e.getMessage()));
            }
        }
        return answers;
    }

    private RegistryCredentials credentials(RegistryTarget target) {
        return target.secretName()
                .map(secret -> RegistryCredentials.from(secret, NamespaceSecrets.read(client, target.namespace(), secret)))
                .orElse(RegistryCredentials.NONE);
    }
}
