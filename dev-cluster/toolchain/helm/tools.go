//go:build tools

// Pins the helm command build.sh compiles; never compiled itself.
package tools

import _ "helm.sh/helm/v4/cmd/helm"
