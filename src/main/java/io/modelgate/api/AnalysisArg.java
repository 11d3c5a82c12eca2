package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The value an analysis gives one argument of its templates: written, from a Secret, or from a field of the pipeline. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "has(self.value) != has(self.valueFrom)", message = "an argument needs exactly one of value and valueFrom")
public class AnalysisArg {

    @Required
    @Size(min = 1, max = 63)
    @Pattern(AnalysisTemplateSpec.ARG_NAME_PATTERN)
    private String name;

    @Size(max = 1024)
    private String value;

    private ValueFrom valueFrom;

    public static AnalysisArg of(String name, String value) {
        AnalysisArg arg = new AnalysisArg();
        arg.setName(name);
        arg.setValue(value);
        return arg;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getValue() { return value; }
    public void setValue(String value) { this.value = value; }
    public ValueFrom getValueFrom() { return valueFrom; }
    public void setValueFrom(ValueFrom valueFrom) { this.valueFrom = valueFrom; }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @ValidationRule(value = "has(self.secretKeyRef) != has(self.fieldRef)", message = "valueFrom needs exactly one of secretKeyRef and fieldRef")
    public static class ValueFrom {
        @JsonPropertyDescription("A key of a Secret in the pipeline's namespace. Read at each measurement, never written into a revision; "
                + "usable in queries, URLs and bodies, not in conditions.")
        private SecretKeyRef secretKeyRef;

        @JsonPropertyDescription("A field of the pipeline: metadata.name, metadata.namespace, metadata.labels['KEY'] or metadata.annotations['KEY'].")
        private FieldRef fieldRef;

        public SecretKeyRef getSecretKeyRef() { return secretKeyRef; }
        public void setSecretKeyRef(SecretKeyRef secretKeyRef) { this.secretKeyRef = secretKeyRef; }
        public FieldRef getFieldRef() { return fieldRef; }
        public void setFieldRef(FieldRef fieldRef) { this.fieldRef = fieldRef; }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class SecretKeyRef {
        @Required
        @Size(min = 1, max = 253)
        private String name;

        @Required
        @Size(min = 1, max = 253)
        private String key;

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public String getKey() { return key; }
        public void setKey(String key) { this.key = key; }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class FieldRef {
        @Required
        @Pattern(FIELD_PATH_PATTERN)
        private String fieldPath;

        public String getFieldPath() { return fieldPath; }
        public void setFieldPath(String fieldPath) { this.fieldPath = fieldPath; }
    }

    public static final String FIELD_PATH_PATTERN = "^(metadata\\.name|metadata\\.namespace|metadata\\.(labels|annotations)\\['[^']+'\\])$";
}
