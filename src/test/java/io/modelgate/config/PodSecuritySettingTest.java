package io.modelgate.config;

import io.modelgate.podsecurity.PodSecurityLevel;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** MODELGATE_POD_SECURITY_LEVEL as the operator reads it at start (the producer the reconciler is built with). */
class PodSecuritySettingTest {

    @Test
    void eachLevelIsReadAndTheDefaultIsBaseline() throws NoSuchMethodException {
        OperatorBeans beans = new OperatorBeans();

        assertThat(beans.podSecurityLevel("restricted")).isEqualTo(PodSecurityLevel.Restricted);
        assertThat(beans.podSecurityLevel("privileged")).isEqualTo(PodSecurityLevel.Privileged);
        var parameter = OperatorBeans.class.getDeclaredMethod("podSecurityLevel", String.class).getParameters()[0];
        var property = parameter.getAnnotation(org.eclipse.microprofile.config.inject.ConfigProperty.class);
        assertThat(property.name()).isEqualTo("modelgate.pod-security.level");
        assertThat(beans.podSecurityLevel(property.defaultValue())).isEqualTo(PodSecurityLevel.Baseline);
    }

    @Test
    void anInvalidLevelStopsTheOperatorWithTheSettingAndTheAllowedValues() {
        assertThatThrownBy(() -> new OperatorBeans().podSecurityLevel("root"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MODELGATE_POD_SECURITY_LEVEL").hasMessageContaining("\"root\"")
                .hasMessageContaining("baseline, privileged, restricted");
    }
}
