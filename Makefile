# kubedeck — every target installs what it needs first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := backend/.venv
PY := $(VENV)/bin/python
TOOLS := $(CURDIR)/.tools/bin
SANDBOX_PORT ?= 6443
SANDBOX_KUBECONFIG ?= $(CURDIR)/.data/sandbox.kubeconfig
SANDBOX_SCENARIO ?= demo

.PHONY: install tools run dev frontend test lint format sandbox bench clean

install: $(VENV)/.installed
tools: $(TOOLS)/helm $(TOOLS)/kubectl

$(VENV)/.installed: backend/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e 'backend[dev]'
	touch $@

$(TOOLS)/helm $(TOOLS)/kubectl: scripts/fetch_k8s_tools.py | $(VENV)/.installed
	$(PY) scripts/fetch_k8s_tools.py $(TOOLS)

CHROMIUM := /usr/bin/chromium
NODE_MODULES := frontend/node_modules/.installed

# kubedeck on its embedded defaults: two sandbox clusters, SQLite under .data/, port 8000.
run: install tools frontend
	cd backend && PATH="$(TOOLS):$$PATH" KUBEDECK_TOOLS_BIN="$(TOOLS)" \
		KUBEDECK_COST_SAMPLE_INTERVAL="$${KUBEDECK_COST_SAMPLE_INTERVAL:-30}" .venv/bin/kubedeck serve

# The UI with hot reload, against `make run` in another shell.
dev: $(NODE_MODULES)
	cd frontend && npm run dev

$(NODE_MODULES): frontend/package-lock.json
	cd frontend && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $@

frontend: $(NODE_MODULES)
	cd frontend && npm run build

# Browser tests use Debian's chromium (never a downloaded one); the OCI Helm tests run a real
# registry from Debian's docker-registry; the PostgreSQL tests start a throwaway server from
# Debian's postgresql (its initdb lives under the server's major version).
PG_INITDB := $(firstword $(wildcard /usr/lib/postgresql/*/bin/initdb) /usr/lib/postgresql/15/bin/initdb)
DEBIAN_TEST_TOOLS := $(CHROMIUM) /usr/bin/docker-registry $(PG_INITDB)
$(DEBIAN_TEST_TOOLS):
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium docker-registry postgresql

test: install tools $(NODE_MODULES) $(DEBIAN_TEST_TOOLS)
	cd backend && PATH="$(TOOLS):$$PATH" KUBEDECK_TOOLS_BIN="$(TOOLS)" .venv/bin/pytest
	cd frontend && npm run check:types && npm run lint && npm test && npm run e2e

lint: install $(NODE_MODULES)
	cd backend && .venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy
	cd frontend && npm run lint

format: install
	cd backend && .venv/bin/ruff format . && .venv/bin/ruff check --fix .

sandbox: install tools
	@mkdir -p $(dir $(SANDBOX_KUBECONFIG))
	@echo "Starting kubesim on https://127.0.0.1:$(SANDBOX_PORT). In another shell:"
	@echo "  export KUBECONFIG=$(SANDBOX_KUBECONFIG) PATH=$(TOOLS):\$$PATH"
	@echo "  kubectl get nodes"
	$(VENV)/bin/kubesim serve --port $(SANDBOX_PORT) --scenario $(SANDBOX_SCENARIO) --kubeconfig-out $(SANDBOX_KUBECONFIG) --name sandbox

bench: install tools $(NODE_MODULES)
	$(PY) bench/kubesim_bench.py
	PATH="$(TOOLS):$$PATH" $(PY) bench/kubedeck_bench.py
	PATH="$(TOOLS):$$PATH" $(PY) bench/helm_bench.py
	$(PY) bench/cost_bench.py
	cd frontend && npm run build && npm run bundle-size

clean:
	rm -rf $(VENV) .tools .data frontend/node_modules frontend/dist
