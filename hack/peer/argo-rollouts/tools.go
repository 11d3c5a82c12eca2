//go:build tools

// Package tools records the command this module builds, so that `go mod tidy`
// keeps its dependencies. Nothing here is compiled into a program.
package tools

import (
	_ "github.com/argoproj/argo-rollouts/cmd/rollouts-controller"
)
