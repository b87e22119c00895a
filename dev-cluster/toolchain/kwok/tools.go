//go:build tools

// Pins the kwok command build.sh compiles; never compiled itself.
package tools

import _ "sigs.k8s.io/kwok/cmd/kwok"
