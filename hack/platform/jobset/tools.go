//go:build tools

// Package tools records the command this module builds (sigs.k8s.io/jobset), so that
// `go mod tidy` keeps its dependencies. Nothing here is compiled into a program.
package tools

import (
	_ "sigs.k8s.io/jobset"
)
