// kapstan-netguard keeps a dev cluster on loopback. kube-apiserver sends all of its cluster and
// control-plane egress (webhooks, aggregated APIs, kubelets, pod/service proxies) here through its
// egress selector, as HTTP CONNECT over a Unix socket. The guard:
//   - forwards connections to 127.0.0.0/8 (and "localhost"), so url: webhooks and ExternalName
//     Services pointing at a local server work;
//   - answers connections to a node address itself, serving the kubelet API (container logs,
//     exec, port-forward) from what the cluster knows, since kwok nodes run no containers;
//   - refuses everything else at once with a reason that names the Service or pod behind the address.
// No name is ever resolved through DNS and no connection is opened off loopback.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"syscall"

	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

func main() {
	socket := flag.String("socket", "", "Unix socket kube-apiserver's egress selector connects to")
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the dev cluster (to look up pods and Services)")
	nodeCIDR := flag.String("node-cidr", "10.0.0.0/16", "addresses of the kwok nodes (their kubelet API is served here)")
	podCIDR := flag.String("pod-cidr", "10.244.0.0/16", "pod addresses (refused, named in the reason)")
	serviceCIDR := flag.String("service-cidr", "10.96.0.0/16", "Service cluster IPs (refused, named in the reason)")
	flag.Parse()
	if *socket == "" || *kubeconfig == "" {
		log.Fatal("--socket and --kubeconfig are required")
	}

	nets, err := parseNetworks(*nodeCIDR, *podCIDR, *serviceCIDR)
	if err != nil {
		log.Fatal(err)
	}
	cfg, err := clientcmd.BuildConfigFromFlags("", *kubeconfig)
	if err != nil {
		log.Fatalf("kubeconfig: %v", err)
	}
	client, err := kubernetes.NewForConfig(cfg)
	if err != nil {
		log.Fatalf("client: %v", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()

	factory := informers.NewSharedInformerFactory(client, 0)
	cluster := &clusterView{
		client:   client,
		pods:     factory.Core().V1().Pods().Lister(),
		services: factory.Core().V1().Services().Lister(),
	}
	factory.Start(ctx.Done())

	kubelet, err := newKubelet(cluster)
	if err != nil {
		log.Fatal(err)
	}
	defer kubelet.close()

	_ = os.Remove(*socket)
	ln, err := net.Listen("unix", *socket)
	if err != nil {
		log.Fatalf("listen on %s: %v", *socket, err)
	}
	go func() {
		<-ctx.Done()
		_ = ln.Close()
	}()
	log.Printf("kapstan-netguard: serving CONNECT on %s (nodes %s, pods %s, services %s)", *socket, *nodeCIDR, *podCIDR, *serviceCIDR)

	g := &guard{nets: nets, cluster: cluster, kubelet: kubelet}
	for {
		conn, err := ln.Accept()
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			log.Printf("accept: %v", err)
			continue
		}
		go g.handle(conn)
	}
}

func parseNetworks(node, pod, service string) (networks, error) {
	var n networks
	for _, p := range []struct {
		s   string
		dst **net.IPNet
	}{{node, &n.nodes}, {pod, &n.pods}, {service, &n.services}} {
		_, ipn, err := net.ParseCIDR(p.s)
		if err != nil {
			return n, fmt.Errorf("bad CIDR %q: %v", p.s, err)
		}
		*p.dst = ipn
	}
	return n, nil
}
