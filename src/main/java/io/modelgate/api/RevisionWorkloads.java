package io.modelgate.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Deterministic names of a revision's objects, so a restarted operator finds what it made. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RevisionWorkloads {
    private String validationJob;
    private String trainingJob;
    private String evaluationJob;
    private String deployment;

    public String getValidationJob() { return validationJob; }
    public void setValidationJob(String validationJob) { this.validationJob = validationJob; }
    public String getTrainingJob() { return trainingJob; }
    public void setTrainingJob(String trainingJob) { this.trainingJob = trainingJob; }
    public String getEvaluationJob() { return evaluationJob; }
    public void setEvaluationJob(String evaluationJob) { this.evaluationJob = evaluationJob; }
    public String getDeployment() { return deployment; }
    public void setDeployment(String deployment) { this.deployment = deployment; }
}
