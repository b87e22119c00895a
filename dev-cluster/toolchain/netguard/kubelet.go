package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"fmt"
	"math/big"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"k8s.io/cri-streaming/pkg/streaming/portforward"
	"k8s.io/cri-streaming/pkg/streaming/remotecommand"
)

// kubeletServer serves the kubelet API paths kube-apiserver calls for `kubectl logs`, `exec` and
// `port-forward`, over TLS on connections the guard hands it (kube-apiserver does not verify kubelet
// serving certificates unless told to, so a self-signed one will do).
type kubeletServer struct {
	cluster *clusterView
	conns   chan net.Conn
	srv     *http.Server
}

func newKubelet(cluster *clusterView) (*kubeletServer, error) {
	cert, err := selfSigned()
	if err != nil {
		return nil, err
	}
	k := &kubeletServer{cluster: cluster, conns: make(chan net.Conn)}
	mux := http.NewServeMux()
	mux.HandleFunc("/containerLogs/", k.logs)
	mux.HandleFunc("/exec/", k.exec)
	mux.HandleFunc("/portForward/", k.portForward)
	mux.HandleFunc("/attach/", func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "attach is not simulated on the kapstan dev cluster: no container runs; use exec", http.StatusNotImplemented)
	})
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("ok")) })
	k.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	ln := &chanListener{conns: k.conns, done: make(chan struct{})}
	go func() {
		_ = k.srv.Serve(tls.NewListener(ln, &tls.Config{Certificates: []tls.Certificate{cert}, NextProtos: []string{"http/1.1"}}))
	}()
	return k, nil
}

func (k *kubeletServer) serve(conn net.Conn) { k.conns <- conn }

func (k *kubeletServer) close() { _ = k.srv.Close() }

// pathParts splits /prefix/{namespace}/{pod}[/{uid}]/{container}.
func pathParts(path, prefix string) []string {
	return strings.Split(strings.Trim(strings.TrimPrefix(path, prefix), "/"), "/")
}

func podAndContainer(parts []string) (ns, pod, container string, ok bool) {
	switch len(parts) {
	case 3:
		return parts[0], parts[1], parts[2], true
	case 4: // with the pod UID
		return parts[0], parts[1], parts[3], true
	}
	return "", "", "", false
}

func (k *kubeletServer) exec(w http.ResponseWriter, r *http.Request) {
	ns, pod, container, ok := podAndContainer(pathParts(r.URL.Path, "/exec/"))
	if !ok {
		http.Error(w, "expected /exec/{namespace}/{pod}/{container}", http.StatusBadRequest)
		return
	}
	opts, err := remotecommand.NewOptions(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	remotecommand.ServeExec(w, r, &executor{cluster: k.cluster}, ns+"/"+pod, "", container, r.URL.Query()["command"], opts,
		4*time.Hour, 30*time.Second, remotecommand.SupportedStreamingProtocols)
}

func (k *kubeletServer) portForward(w http.ResponseWriter, r *http.Request) {
	parts := pathParts(r.URL.Path, "/portForward/")
	if len(parts) < 2 {
		http.Error(w, "expected /portForward/{namespace}/{pod}", http.StatusBadRequest)
		return
	}
	opts, err := portforward.NewV4Options(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	portforward.ServePortForward(w, r, &forwarder{cluster: k.cluster}, parts[0]+"/"+parts[1], "", opts,
		4*time.Hour, 30*time.Second, portforward.SupportedProtocols)
}

// chanListener is a net.Listener whose connections are the CONNECT tunnels the guard accepted.
type chanListener struct {
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once
}

func (l *chanListener) Accept() (net.Conn, error) {
	select {
	case c := <-l.conns:
		return c, nil
	case <-l.done:
		return nil, errors.New("closed")
	}
}

func (l *chanListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *chanListener) Addr() net.Addr { return &net.UnixAddr{Name: "kubelet", Net: "unix"} }

func selfSigned() (tls.Certificate, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return tls.Certificate{}, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()),
		Subject:      pkix.Name{CommonName: "kapstan-dev-kubelet"},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().AddDate(10, 0, 0),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("kubelet certificate: %w", err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}, nil
}
