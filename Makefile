# Model Rollouts — the two commands a newcomer needs are `make demo` and `make test`; see README.md.
SHELL  := /bin/bash
CONFIG ?= Debug
DOTNET ?= dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: help deps controlplane build test models cluster-up cluster-down bench-serving bench-operator up down demo e2e images chart-sync kubectl-mdep clean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-15s %s\n", $$1, $$2}'

deps: ## install the Debian packages the tests and the demo need (once per machine)
	@bash dev/install-deps.sh

controlplane: deps ## build kube-apiserver/controller-manager v1.20.2 once into ~/.cache/model-rollouts
	@bash dev/controlplane/build.sh

build: ## build the solution (ONNX Runtime's native library comes with the Microsoft.ML.OnnxRuntime package)
	$(DOTNET) build Rollouts.sln -c $(CONFIG) --nologo

test: deps controlplane build ## run every test (real API server, Prometheus, ONNX Runtime), TEST_JOBS projects at once (default 3)
	@CONFIG=$(CONFIG) bash dev/run-tests.sh

models: ## retrain the sample models into samples/models (deterministic)
	$(DOTNET) run --project tools/Rollouts.ModelBuilder -c Release -- --out samples/models --data samples/data/iris.csv

cluster-up: controlplane ## start a local control plane; kubeconfig at .local/kubeconfig
	@bash dev/controlplane/up.sh .local/cluster
	@ln -sf cluster/kubeconfig .local/kubeconfig
	@echo "kubectl --kubeconfig .local/kubeconfig get ns"

cluster-down: ## stop the local control plane
	@bash dev/controlplane/down.sh .local/cluster

up: ## the demo's environment, kept running: control plane, node agent, Prometheus, operator, traffic (OPERATOR_ARGS="...")
	@CONFIG=$(CONFIG) bash dev/up.sh

down: ## stop everything `make up` started
	@bash dev/down.sh

demo: ## the main job end to end on this machine: real API server, Prometheus, operator, serving pods; eight rollouts
	@CONFIG=$(CONFIG) bash dev/demo.sh

e2e: deps controlplane ## the demo's scenarios as tests (also part of `make test`)
	$(DOTNET) test tests/Rollouts.E2E.Tests -c $(CONFIG) --nologo

bench-serving: deps ## serving benchmark (wrk); writes docs/benchmarks/serving.md
	@bash serving-image/bench/run.sh

bench-operator: controlplane ## operator at cluster scale (own control plane, N objects): make bench-operator N=1000 [LABEL=after]; writes docs/benchmarks/operator.md
	@bash tools/Rollouts.BenchOperator/run.sh --n $(or $(N),1000) --label $(or $(LABEL),run) $(BENCH_ARGS)

VERSION  ?= $(shell sed -n 's/^appVersion: *"\(.*\)"/\1/p' charts/model-rollouts/Chart.yaml)
REGISTRY ?= ghcr.io/model-rollouts

images: ## build the operator and serving images (needs a Docker engine; none on the dev machines)
	docker build -f operator/Dockerfile --build-arg VERSION=$(VERSION) -t $(REGISTRY)/operator:$(VERSION) .
	docker build -f serving-image/Dockerfile --build-arg VERSION=$(VERSION) -t $(REGISTRY)/serving:$(VERSION) .

chart-sync: ## copy crds/ and the dashboard into the chart; regenerate charts/install.yaml and the argocd-cm snippet
	@bash charts/sync.sh

kubectl-mdep: ## the kubectl plugin as one file at .local/bin/kubectl-mdep (put it on PATH)
	$(DOTNET) publish tools/kubectl-mdep -c Release -r linux-x64 -p:PublishSingleFile=true --self-contained false -o .local/bin

clean: ## remove build outputs (the machine-wide cache stays)
	$(DOTNET) clean Rollouts.sln --nologo >/dev/null
	rm -rf .local
