package io.modelgate.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InvocationTest {

    @Test
    void commandPipelineAndNamespaceInAnyOrder() throws Exception {
        assertThat(Invocation.parse("status", "fraud")).isEqualTo(new Invocation("status", "fraud", null, null, false));
        assertThat(Invocation.parse("-n", "ml", "promote", "fraud")).isEqualTo(new Invocation("promote", "fraud", "ml", null, false));
        assertThat(Invocation.parse("history", "fraud", "--namespace", "ml")).isEqualTo(new Invocation("history", "fraud", "ml", null, false));
        assertThat(Invocation.parse("pause", "fraud", "--namespace=ml", "--context=kind")).isEqualTo(new Invocation("pause", "fraud", "ml", "kind", false));
        assertThat(Invocation.parse("resume", "-nml", "fraud")).isEqualTo(new Invocation("resume", "fraud", "ml", null, false));
        assertThat(Invocation.parse("retry", "-n=ml", "--context", "prod", "--", "fraud")).isEqualTo(new Invocation("retry", "fraud", "ml", "prod", false));
    }

    @Test
    void helpWinsOverEverythingElse() throws Exception {
        assertThat(Invocation.parse("--help").help()).isTrue();
        assertThat(Invocation.parse("-h").help()).isTrue();
        assertThat(Invocation.parse("help").help()).isTrue();
        assertThat(Invocation.parse("bogus", "--help").help()).isTrue();
        assertThat(Invocation.parse("status", "--unknown", "-h").help()).isTrue();
    }

    @Test
    void whatIsNotUnderstoodIsAUsageError() {
        assertThatThrownBy(() -> Invocation.parse()).hasMessage("no command given");
        assertThatThrownBy(() -> Invocation.parse("deploy", "fraud")).hasMessage("unknown command \"deploy\"");
        assertThatThrownBy(() -> Invocation.parse("status")).hasMessage("status needs the name of a pipeline");
        assertThatThrownBy(() -> Invocation.parse("status", "a", "b")).hasMessage("status takes one pipeline, got a b");
        assertThatThrownBy(() -> Invocation.parse("status", "a", "-n")).hasMessage("-n needs a value");
        assertThatThrownBy(() -> Invocation.parse("status", "a", "-n", "--context", "x")).hasMessage("-n needs a value");
        assertThatThrownBy(() -> Invocation.parse("status", "a", "--namespace=")).hasMessage("--namespace needs a value");
        assertThatThrownBy(() -> Invocation.parse("status", "a", "--watch")).hasMessage("unknown flag --watch");
    }
}
