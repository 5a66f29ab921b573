"""Controllers that make kubesim behave like a running cluster (scheduler, kubelet, workloads)."""
