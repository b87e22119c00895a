package main

import (
	"bufio"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

type networks struct {
	nodes, pods, services *net.IPNet
}

type guard struct {
	nets    networks
	cluster *clusterView
	kubelet *kubeletServer

	mu      sync.Mutex
	refused map[string]time.Time // destination -> last logged, so a retrying aggregator does not flood the log
}

// verdict says what happens to one CONNECT destination.
type verdict int

const (
	forward verdict = iota // a loopback address: dial it
	kubelet                // a node address: serve the kubelet API here
	refuse                 // anything else
)

// decide classifies host:port. Names are never resolved (a DNS query could leave the machine);
// only "localhost" is understood, as 127.0.0.1.
func (g *guard) decide(host string) (verdict, string) {
	if strings.EqualFold(host, "localhost") {
		return forward, ""
	}
	ip := net.ParseIP(host)
	switch {
	case ip == nil:
		return refuse, fmt.Sprintf("the kapstan dev cluster does not resolve host names (%s); use 127.0.0.1 or localhost", host)
	case ip.IsLoopback():
		return forward, ""
	case g.nets.nodes.Contains(ip):
		return kubelet, ""
	case g.nets.services.Contains(ip):
		return refuse, fmt.Sprintf("%s is the cluster IP of %s; nothing serves Service addresses on the kapstan dev cluster (no pods run): point an ExternalName Service at localhost, or use a url: on 127.0.0.1", host, g.cluster.serviceFor(host))
	case g.nets.pods.Contains(ip):
		return refuse, fmt.Sprintf("%s is the address of %s; pods on the kapstan dev cluster run no processes to connect to", host, g.cluster.podFor(host))
	default:
		return refuse, fmt.Sprintf("%s is outside loopback; the kapstan dev cluster never connects off this machine", host)
	}
}

func (g *guard) handle(conn net.Conn) {
	br := bufio.NewReader(conn)
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	req, err := http.ReadRequest(br)
	if err != nil {
		conn.Close()
		return
	}
	_ = conn.SetReadDeadline(time.Time{})
	if req.Method != http.MethodConnect {
		reply(conn, http.StatusMethodNotAllowed, "kapstan-netguard only serves CONNECT")
		conn.Close()
		return
	}
	host, port, err := net.SplitHostPort(req.Host)
	if err != nil {
		reply(conn, http.StatusBadRequest, "bad CONNECT target "+req.Host)
		conn.Close()
		return
	}
	v, reason := g.decide(host)
	switch v {
	case forward:
		g.forward(conn, net.JoinHostPort(host, port))
	case kubelet:
		reply(conn, http.StatusOK, "Connection established")
		g.kubelet.serve(conn)
	default:
		g.logRefusal(req.Host, reason)
		reply(conn, http.StatusForbidden, reason)
		conn.Close()
	}
}

func (g *guard) forward(client net.Conn, addr string) {
	if strings.HasPrefix(addr, "localhost:") {
		addr = "127.0.0.1:" + strings.TrimPrefix(addr, "localhost:")
	}
	upstream, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		reply(client, http.StatusBadGateway, fmt.Sprintf("nothing accepts connections on %s: %v", addr, err))
		client.Close()
		return
	}
	reply(client, http.StatusOK, "Connection established")
	go func() {
		_, _ = io.Copy(upstream, client)
		closeWrite(upstream)
	}()
	_, _ = io.Copy(client, upstream)
	client.Close()
	upstream.Close()
}

func closeWrite(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.CloseWrite()
		return
	}
	_ = c.Close()
}

func (g *guard) logRefusal(dst, reason string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.refused == nil {
		g.refused = map[string]time.Time{}
	}
	if last, ok := g.refused[dst]; ok && time.Since(last) < time.Minute {
		return
	}
	g.refused[dst] = time.Now()
	log.Printf("refused %s: %s", dst, reason)
}

// reply writes a bare HTTP response to a CONNECT. The reason goes in the status line, which
// kube-apiserver quotes in its error ("proxy error ... code 403: 403 <reason>").
func reply(conn net.Conn, code int, reason string) {
	reason = strings.NewReplacer("\r", " ", "\n", " ").Replace(reason)
	fmt.Fprintf(conn, "HTTP/1.1 %d %s\r\nContent-Length: 0\r\n\r\n", code, reason)
}
