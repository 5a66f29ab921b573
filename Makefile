# kubedeck — every target installs what it needs first.
SHELL := /bin/bash
PYTHON ?= python3
VENV := backend/.venv
PY := $(VENV)/bin/python
TOOLS := $(CURDIR)/.tools/bin
SANDBOX_PORT ?= 6443
SANDBOX_KUBECONFIG ?= $(CURDIR)/.data/sandbox.kubeconfig
SANDBOX_SCENARIO ?= demo

.PHONY: install tools run frontend test lint format sandbox bench clean

install: $(VENV)/.installed
tools: $(TOOLS)/helm $(TOOLS)/kubectl

$(VENV)/.installed: backend/pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e 'backend[dev]'
	touch $@

$(TOOLS)/helm $(TOOLS)/kubectl: scripts/fetch_k8s_tools.py | $(VENV)/.installed
	$(PY) scripts/fetch_k8s_tools.py $(TOOLS)

# kubedeck on its embedded defaults: two sandbox clusters, SQLite under .data/, port 8000.
run: install tools
	@if [ -f frontend/package.json ]; then $(MAKE) --no-print-directory frontend; fi
	cd backend && PATH="$(TOOLS):$$PATH" KUBEDECK_TOOLS_BIN="$(TOOLS)" .venv/bin/kubedeck serve

frontend:
	cd frontend && npm ci --no-audit --no-fund && npm run build

test: install tools
	cd backend && PATH="$(TOOLS):$$PATH" KUBEDECK_TOOLS_BIN="$(TOOLS)" .venv/bin/pytest

lint: install
	cd backend && .venv/bin/ruff check . && .venv/bin/ruff format --check . && .venv/bin/mypy

format: install
	cd backend && .venv/bin/ruff format . && .venv/bin/ruff check --fix .

sandbox: install tools
	@mkdir -p $(dir $(SANDBOX_KUBECONFIG))
	@echo "Starting kubesim on https://127.0.0.1:$(SANDBOX_PORT). In another shell:"
	@echo "  export KUBECONFIG=$(SANDBOX_KUBECONFIG) PATH=$(TOOLS):\$$PATH"
	@echo "  kubectl get nodes"
	$(VENV)/bin/kubesim serve --port $(SANDBOX_PORT) --scenario $(SANDBOX_SCENARIO) --kubeconfig-out $(SANDBOX_KUBECONFIG) --name sandbox

bench: install tools
	$(PY) bench/kubesim_bench.py
	PATH="$(TOOLS):$$PATH" $(PY) bench/kubedeck_bench.py

clean:
	rm -rf $(VENV) .tools .data
