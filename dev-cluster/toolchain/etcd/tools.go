//go:build tools

// Pins the etcd server command build.sh compiles; never compiled itself.
package tools

import _ "go.etcd.io/etcd/server/v3"
