{{/*
Chart name, truncated to the 63 characters a label value allows.
*/}}
{{- define "modelgate.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Full name of the release's objects: the release name, prefixed with the chart name unless it
already contains it.
*/}}
{{- define "modelgate.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "modelgate.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "modelgate.selectorLabels" -}}
app.kubernetes.io/name: {{ include "modelgate.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "modelgate.labels" -}}
helm.sh/chart: {{ include "modelgate.chart" . }}
{{ include "modelgate.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: modelgate
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "modelgate.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "modelgate.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/*
Operator image: repository@digest when a digest is given, else repository:tag (tag defaults to appVersion).
*/}}
{{- define "modelgate.image" -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest -}}
{{- else -}}
{{- printf "%s:%s" .Values.image.repository (.Values.image.tag | default .Chart.AppVersion) -}}
{{- end -}}
{{- end -}}

{{/*
The Lease the replicas compete for (leader election), in the release namespace. The Role that lets
the operator use it names it, so the operator is told the same name (MODELGATE_LEADER_ELECTION_LEASE_NAME).
*/}}
{{- define "modelgate.leaseName" -}}
modelgate-operator-lease{{ with (.Values.shard).name }}-{{ . }}{{ end }}
{{- end -}}

{{/*
Value of QUARKUS_OPERATOR_SDK_NAMESPACES.
*/}}
{{- define "modelgate.watchNamespaces" -}}
{{- if .Values.watchNamespaces -}}
{{- join "," .Values.watchNamespaces -}}
{{- else -}}
JOSDK_ALL_NAMESPACES
{{- end -}}
{{- end -}}

{{/*
The operator's permissions, least privilege: exactly what ModelPipelineReconciler (through the
Java Operator SDK) reads and writes, plus what progressive delivery uses. Shared by the ClusterRole
(all namespaces) and the per-namespace Roles (watchNamespaces). No wildcards, nothing on namespaces,
nodes or CRDs; Secrets only `get` (never list or watch: the operator reads the one Secret a
pipeline names for its HTTP analysis headers, it cannot enumerate them).
*/}}
{{- /*
Exactly the verbs the operator uses (checked against the code and by running it with this role):
"get" on modelpipelines, modelrevisions and deployments because a patch by name reads the object first;
modelrevisions patch for the finalizer that keeps the serving revision's record (modelgate.io/serving),
modelpipelines patch for the action annotation and the finalizer that lets it go on the pipeline's deletion.
Progressive delivery: services get/patch (selectors of the active and preview Services), secrets get
(HTTP analysis headers), gateway.networking.k8s.io httproutes get/patch (traffic weights),
modelanalysistemplates get/list/watch (shared analysis templates, watched; cluster ones in rbac.yaml);
analysis Jobs reuse the jobs create/delete.
*/ -}}
{{- define "modelgate.rules" -}}
- apiGroups: ["modelgate.io"]
  resources: ["modelpipelines"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["modelgate.io"]
  resources: ["modelpipelines/status"]
  verbs: ["patch"]
- apiGroups: ["modelgate.io"]
  resources: ["modelrevisions"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: ["modelgate.io"]
  resources: ["modelrevisions/status"]
  verbs: ["update"]
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["list", "watch", "create", "delete"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["list", "watch"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: [""]
  resources: ["events"]
  # list/watch: only the Job controller's FailedCreate Events on Jobs (a field selector), which say why pods are refused
  verbs: ["get", "list", "watch", "create", "patch"]
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get"]
- apiGroups: ["gateway.networking.k8s.io"]
  resources: ["httproutes"]
  verbs: ["get", "patch"]
- apiGroups: ["modelgate.io"]
  resources: ["modelanalysistemplates"]
  # read only: watched, so that a pipeline naming a template is reconciled when the template is created or changed
  verbs: ["get", "list", "watch"]
{{- if .Values.backends.trainJob }}
- apiGroups: ["trainer.kubeflow.org"]
  resources: ["trainjobs"]
  verbs: ["list", "watch", "create", "delete"]
{{- end }}
{{- if .Values.backends.jobSet }}
- apiGroups: ["jobset.x-k8s.io"]
  resources: ["jobsets"]
  verbs: ["list", "watch", "create", "delete"]
{{- end }}
{{- if .Values.backends.kueue }}
- apiGroups: ["kueue.x-k8s.io"]
  resources: ["workloads"]
  verbs: ["list", "watch"]
{{- end }}
{{- if .Values.backends.kserve }}
- apiGroups: ["serving.kserve.io"]
  resources: ["inferenceservices"]
  # patch: a revision's replicas are its InferenceService's minReplicas/maxReplicas (the client reads the object it patches)
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
{{- end }}
{{- end -}}
