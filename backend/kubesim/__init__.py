"""kubesim: a Kubernetes API server emulator that real kubectl, helm and Python clients use."""
