// kapstan-oci-registry: the CNCF Distribution registry (unmodified, as a library) serving OCI
// artifacts from memory on a loopback address, so that tests push and pull Helm charts by
// oci:// reference without leaving the machine.
//
//	kapstan-oci-registry --addr 127.0.0.1:5000
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"os"

	"github.com/distribution/distribution/v3/configuration"
	"github.com/distribution/distribution/v3/registry"
	_ "github.com/distribution/distribution/v3/registry/storage/driver/inmemory"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:5000", "loopback address to listen on")
	flag.Parse()
	host, _, err := net.SplitHostPort(*addr)
	if err != nil || !net.ParseIP(host).IsLoopback() {
		fmt.Fprintf(os.Stderr, "kapstan-oci-registry: --addr must be a loopback address with a port (got %q)\n", *addr)
		os.Exit(2)
	}
	config := &configuration.Configuration{}
	config.HTTP.Addr = *addr
	config.Storage = configuration.Storage{"inmemory": configuration.Parameters{}}
	config.Log.Level = "error"
	reg, err := registry.NewRegistry(context.Background(), config)
	if err != nil {
		fmt.Fprintf(os.Stderr, "kapstan-oci-registry: %v\n", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "kapstan-oci-registry listening on %s\n", *addr)
	if err := reg.ListenAndServe(); err != nil {
		fmt.Fprintf(os.Stderr, "kapstan-oci-registry: %v\n", err)
		os.Exit(1)
	}
}
