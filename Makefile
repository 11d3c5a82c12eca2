# Modelgate: the commands you need. `make help` lists them.
#
# Everything runs on this machine, bound to 127.0.0.1: the Kubernetes control plane is built from
# source (hack/build-controlplane.sh, cached under ~/.cache/modelgate) and run by hack/local-cluster.sh
# with kwok fake nodes; no Docker, no remote cluster.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
MVN ?= mvn
JAR := target/quarkus-app/quarkus-run.jar

.DEFAULT_GOAL := help
.PHONY: help demo demo-down controlplane build test unit e2e bench crds clean

help: ## list the targets
	@awk -F':.*## ' '/^[a-z0-9-]+:.*## / { printf "  make %-12s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

demo: ## build what is missing, start a local cluster, install Modelgate, run examples/fraud-detection.yaml
	hack/demo.sh

demo-down: ## stop the demo's operator and cluster
	hack/demo.sh down

controlplane: ## build and cache etcd, kube-apiserver, controller-manager, scheduler, kwok (idempotent)
	hack/build-controlplane.sh

build: ## package the operator (target/quarkus-app/quarkus-run.jar)
	$(MVN) -B package -DskipTests

# The e2e tests run the packaged operator as a process. Surefire runs in the `test` phase, before
# `package`, so the jar is built first and the whole suite then runs in `mvn test -Pall-tests`.
test: controlplane build ## the full suite: unit, property, mock-server, integration and end-to-end tests
	$(MVN) -B test -Pall-tests

unit: ## the fast tests only (no control plane): unit, property and mock-server tests
	$(MVN) -B test

e2e: controlplane build ## only the end-to-end tests (local cluster, Helm chart, operator process)
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
