package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type == 'gatewayAPI' ? has(self.httpRoute) : !has(self.httpRoute)",
        message = "httpRoute is required with type gatewayAPI and allowed only with it")
public class TrafficRoutingSpec {

    public enum Type { replicas, gatewayAPI }

    @Default("replicas")
    @JsonPropertyDescription("replicas: one Service selects both revisions and the weight becomes pod counts. "
            + "gatewayAPI: the operator sets the weights of the <service>-stable and <service>-canary backendRefs of httpRoute.")
    private Type type;

    @Size(max = 253)
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @JsonPropertyDescription("Name of the HTTPRoute (same namespace) whose stable and canary backendRef weights the operator owns.")
    private String httpRoute;

    public Type getType() { return type; }
    public void setType(Type type) { this.type = type; }
    public String getHttpRoute() { return httpRoute; }
    public void setHttpRoute(String httpRoute) { this.httpRoute = httpRoute; }

    public Type effectiveType() { return type == null ? Type.replicas : type; }
}
