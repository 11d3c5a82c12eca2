package io.modelgate.e2e;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An end-to-end test class: tagged {@code e2e} (excluded from the default {@code mvn test}, included by
 * {@code -Pall-tests}), with a fresh local cluster, Modelgate installed from the Helm chart and the operator
 * running as a separate process for the whole class. Test methods and {@code @BeforeAll} methods may take
 * an {@link E2eEnvironment} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("e2e")
@ExtendWith(ModelgateE2eExtension.class)
public @interface ModelgateE2e {
}
