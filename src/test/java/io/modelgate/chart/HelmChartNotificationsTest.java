package io.modelgate.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.modelgate.chart.ChartRendering.all;
import static io.modelgate.chart.ChartRendering.env;
import static io.modelgate.chart.ChartRendering.one;
import static io.modelgate.chart.ChartRendering.operator;
import static io.modelgate.chart.ChartRendering.render;
import static io.modelgate.chart.ChartRendering.renderWithValuesYaml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** operator.notifications: the default webhook's Secret and the retries as environment, and get on that one Secret. */
class HelmChartNotificationsTest {

    @Test
    void withoutADefaultWebhookOnlyTheRetriesAreSetAndNoSecretIsGranted() {
        List<HasMetadata> objects = render();
        Map<String, String> env = env(operator(one(objects, Deployment.class)));

        assertThat(env).doesNotContainKeys("MODELGATE_NOTIFICATIONS_SECRET_NAME", "MODELGATE_NOTIFICATIONS_EVENTS")
                .containsEntry("MODELGATE_NOTIFICATIONS_MAX_ATTEMPTS", "5")
                .containsEntry("MODELGATE_NOTIFICATIONS_FIRST_BACKOFF", "1s")
                .containsEntry("MODELGATE_NOTIFICATIONS_MAX_BACKOFF", "30s");
        assertThat(all(objects, Role.class)).noneMatch(r -> r.getMetadata().getName().endsWith("-notifications"));
    }

    @Test
    void aDefaultWebhookIsPassedAndItsOneSecretMayBeReadInTheReleaseNamespace() {
        List<HasMetadata> objects = renderWithValuesYaml("""
                watchNamespaces: [ml-team]
                operator:
                  notifications:
                    secretName: team-webhook
                    secretKey: slack
                    events: [RolledBack, RevisionRejected]
                    maxAttempts: 8
                    firstBackoff: 500ms
                    maxBackoff: 2m
                """);
        Map<String, String> env = env(operator(one(objects, Deployment.class)));

        assertThat(env).containsEntry("MODELGATE_NOTIFICATIONS_SECRET_NAME", "team-webhook")
                .containsEntry("MODELGATE_NOTIFICATIONS_SECRET_KEY", "slack")
                .containsEntry("MODELGATE_NOTIFICATIONS_EVENTS", "RolledBack,RevisionRejected")
                .containsEntry("MODELGATE_NOTIFICATIONS_MAX_ATTEMPTS", "8")
                .containsEntry("MODELGATE_NOTIFICATIONS_FIRST_BACKOFF", "500ms")
                .containsEntry("MODELGATE_NOTIFICATIONS_MAX_BACKOFF", "2m");
        Role role = all(objects, Role.class).stream().filter(r -> r.getMetadata().getName().endsWith("-notifications")).findFirst().orElseThrow();
        assertThat(role.getMetadata().getNamespace()).isEqualTo(ChartRendering.NAMESPACE);
        assertThat(role.getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getResources()).containsExactly("secrets");
            assertThat(rule.getResourceNames()).containsExactly("team-webhook");
            assertThat(rule.getVerbs()).containsExactly("get");
        });
        assertThat(all(objects, RoleBinding.class)).anySatisfy(binding -> {
            assertThat(binding.getMetadata().getName()).endsWith("-notifications");
            assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        });
    }

    @Test
    void anUnknownEventOrKeyIsRefusedByTheValuesSchema() {
        assertThatThrownBy(() -> renderWithValuesYaml("operator:\n  notifications:\n    events: [Deployed]\n"))
                .hasMessageContaining("operator.notifications.events");
        assertThatThrownBy(() -> renderWithValuesYaml("operator:\n  notifications:\n    url: https://hooks.example/x\n"))
                .hasMessageContaining("url");
        assertThatThrownBy(() -> renderWithValuesYaml("operator:\n  notifications:\n    maxAttempts: 0\n"))
                .hasMessageContaining("operator.notifications.maxAttempts");
    }
}
