//go:build tools

// Package tools records the command this module builds (github.com/kubeflow/trainer/v2/cmd/trainer-controller-manager), so that
// `go mod tidy` keeps its dependencies. Nothing here is compiled into a program.
package tools

import (
	_ "github.com/kubeflow/trainer/v2/cmd/trainer-controller-manager"
)
