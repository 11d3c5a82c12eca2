//go:build tools

// Keeps the KServe manager in this module's dependency graph.
package tools

import _ "github.com/kserve/kserve/cmd/manager"
