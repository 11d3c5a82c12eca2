package io.modelgate.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.modelgate.chart.ChartRendering.all;
import static io.modelgate.chart.ChartRendering.env;
import static io.modelgate.chart.ChartRendering.operator;
import static io.modelgate.chart.ChartRendering.render;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ClusterModelAnalysisTemplates are cluster-scoped: reading them needs a ClusterRole even when the operator watches
 * only some namespaces, so the chart grants it only when analysisTemplates.cluster asks for it, and then only get.
 */
class ClusterAnalysisTemplatesRbacTest {

    static final String ROLE = "modelgate-cluster-analysis-templates";

    @Test
    void offByDefaultNoClusterTemplateRightsAndTheOperatorIsTold() {
        List<HasMetadata> objects = render();

        assertThat(all(objects, ClusterRole.class)).extracting(r -> r.getMetadata().getName()).doesNotContain(ROLE);
        assertThat(all(objects, ClusterRole.class)).flatExtracting(ClusterRole::getRules).flatExtracting(PolicyRule::getResources)
                .doesNotContain("clustermodelanalysistemplates");
        assertThat(env(operator(objects))).containsEntry("MODELGATE_ANALYSIS_TEMPLATES_CLUSTER", "false");
    }

    @Test
    void namespacedTemplatesAreWatchedReadOnly() {
        assertThat(ChartRendering.operatorRules()).filteredOn(r -> r.getResources().contains("modelanalysistemplates"))
                .singleElement().satisfies(rule -> assertThat(rule.getVerbs()).containsExactly("get", "list", "watch"));
    }

    @Test
    void enabledAClusterRoleWithGetOnClusterTemplatesBoundToTheOperatorInBothModes() {
        for (Map<String, ?> values : List.<Map<String, ?>>of(Map.of("analysisTemplates.cluster", "true"),
                Map.of("analysisTemplates.cluster", "true", "watchNamespaces", List.of("team-a")))) {
            List<HasMetadata> objects = render(values);

            assertThat(all(objects, ClusterRole.class)).filteredOn(r -> r.getMetadata().getName().equals(ROLE)).as("%s", values)
                    .singleElement().satisfies(role -> assertThat(role.getRules()).singleElement().satisfies(rule -> {
                        assertThat(rule.getApiGroups()).containsExactly("modelgate.io");
                        assertThat(rule.getResources()).containsExactly("clustermodelanalysistemplates");
                        assertThat(rule.getVerbs()).containsExactly("get", "list", "watch");
                    }));
            assertThat(all(objects, ClusterRoleBinding.class)).filteredOn(b -> b.getMetadata().getName().equals(ROLE)).singleElement()
                    .satisfies(binding -> {
                        assertThat(binding.getRoleRef().getName()).isEqualTo(ROLE);
                        assertThat(binding.getSubjects()).singleElement().satisfies(s -> assertThat(s.getName()).isEqualTo("modelgate"));
                    });
            assertThat(env(operator(objects))).containsEntry("MODELGATE_ANALYSIS_TEMPLATES_CLUSTER", "true");
        }
    }
}
