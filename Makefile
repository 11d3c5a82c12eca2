# Modelgate: the commands you need. `make help` lists them.
#
# Everything runs on this machine, bound to 127.0.0.1: the Kubernetes control plane is built from
# source (hack/build-controlplane.sh, cached under ~/.cache/modelgate) and run by hack/local-cluster.sh
# with kwok fake nodes; no Docker, no remote cluster. `make test`, `make e2e` and `make demo` first
# install what the machine lacks (`make deps`: hack/install-deps.sh), so each works on an empty machine.
# MVN="mvn -Dmaven.repo.local=DIR" uses another Maven repository (demo included); MODELGATE_CACHE,
# GOMODCACHE and GOCACHE move the other caches.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
MVN ?= mvn
JAR := target/quarkus-app/quarkus-run.jar

.DEFAULT_GOAL := help
.PHONY: help deps demo demo-kserve demo-down controlplane platform build test unit e2e bench crds clean
# One step at a time, in the order written (deps before build): two cores, and each step needs the last.
.NOTPARALLEL:

help: ## list the targets
	@awk -F':.*## ' '/^[a-z0-9-]+:.*## / { printf "  make %-12s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

deps: ## install what is missing: Debian packages, Go, the control plane, the platform managers (idempotent, ~1 s warm)
	hack/install-deps.sh

demo: deps ## build what is missing, start a local cluster, install Modelgate, run examples/fraud-detection.yaml
	MVN='$(MVN)' hack/demo.sh

demo-kserve: deps ## the same on the real KServe controller: examples/fraud-detection-kserve.yaml, then a canary between InferenceServices
	MVN='$(MVN)' hack/demo.sh kserve

demo-down: ## stop the demo's operator and cluster
	hack/demo.sh down

controlplane: ## build and cache etcd, kube-apiserver, controller-manager, scheduler, kwok (idempotent)
	hack/build-controlplane.sh

# Part of deps (TrainingEnginesE2eTest runs them); hack/platform.sh up runs them on a local cluster.
platform: ## build and cache the JobSet, Kueue and Kubeflow Trainer managers, CRDs, webhooks (idempotent)
	hack/install-deps.sh packages go platform

build: ## package the operator (target/quarkus-app/quarkus-run.jar)
	$(MVN) -B package -DskipTests

# The e2e tests run the packaged operator as a process. Surefire runs in the `test` phase, before
# `package`, so the jar is built first and the whole suite then runs in `mvn test -Pall-tests`.
test: deps build ## the full suite: unit, property, mock-server, integration and end-to-end tests
	$(MVN) -B test -Pall-tests

unit: ## the fast tests only (needs only Maven and a JDK): unit, property and mock-server tests
	$(MVN) -B test

e2e: deps build ## only the end-to-end tests (local cluster, Helm chart, operator process)
	$(MVN) -B test -Pall-tests -Dtest='io.modelgate.e2e.**' -Dsurefire.failIfNoSpecifiedTests=false

bench: ## benchmarks: decision cost and status size of progressive rollouts, as ratios to a baseline
	$(MVN) -B test -Pbench

crds: ## regenerate crds/, helm/modelgate/crds/ and deploy/modelgate.yaml from the Java API types and the chart
	$(MVN) -B -q test -Dtest=CrdDriftTest -Dmodelgate.updateCrds=true
	$(MVN) -B -q test -Dtest=DeployManifestsDriftTest -Dmodelgate.updateDeploy=true

# A cluster left behind by an interrupted e2e run lives under target/: stop it before deleting target/.
clean: demo-down ## stop leftover local clusters under target/, then mvn clean
	@for d in target/e2e/*/cluster-state; do \
	  if [[ -f "$$d/.modelgate-cluster" ]]; then MODELGATE_CLUSTER_DIR="$$PWD/$$d" hack/local-cluster.sh down; fi; \
	done
	$(MVN) -B -q clean
