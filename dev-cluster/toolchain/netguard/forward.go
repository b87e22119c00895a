package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Pod annotation mapping pod ports to local ones, e.g. "8080=18080,9090=127.0.0.1:19090": a
// port-forward to the pod's 8080 then reaches whatever the user runs on 127.0.0.1:18080.
const forwardAnnotation = "kapstan.dev/port-forward"

// forwarder serves `kubectl port-forward`. A mapped port reaches a local process (loopback only);
// any other port gets a small built-in HTTP responder that says which pod and port it is.
type forwarder struct {
	cluster *clusterView
}

func (f *forwarder) PortForward(ctx context.Context, name, _ string, port int32, stream io.ReadWriteCloser) error {
	defer stream.Close()
	ns, podName, _ := strings.Cut(name, "/")
	p, err := f.cluster.pod(ctx, ns, podName)
	if err != nil {
		return err
	}
	if target, ok := forwardTarget(p.Annotations[forwardAnnotation], port); ok {
		conn, err := net.DialTimeout("tcp", target, 5*time.Second)
		if err != nil {
			return fmt.Errorf("pod %s port %d is forwarded to %s (annotation %s), which does not accept connections: %v", name, port, target, forwardAnnotation, err)
		}
		defer conn.Close()
		go func() { _, _ = io.Copy(conn, stream); closeWrite(conn) }()
		_, err = io.Copy(stream, conn)
		return err
	}
	return respond(stream, ns, podName, port)
}

// forwardTarget reads "port=localport" pairs; the target must be on loopback.
func forwardTarget(annotation string, port int32) (string, bool) {
	for _, pair := range strings.Split(annotation, ",") {
		from, to, ok := strings.Cut(strings.TrimSpace(pair), "=")
		if !ok || from != strconv.Itoa(int(port)) {
			continue
		}
		if !strings.Contains(to, ":") {
			to = "127.0.0.1:" + to
		}
		host, _, err := net.SplitHostPort(to)
		if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() {
			return "", false
		}
		return to, true
	}
	return "", false
}

// respond answers HTTP requests on the stream until the client closes it.
func respond(stream io.ReadWriter, ns, pod string, port int32) error {
	br := bufio.NewReader(stream)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return nil
		}
		_, _ = io.Copy(io.Discard, req.Body)
		body := fmt.Sprintf("kapstan dev cluster: pod %s/%s port %d (no container runs here; annotate the pod %s: \"%d=<local port>\" to reach a process of yours)\n", ns, pod, port, forwardAnnotation, port)
		resp := &http.Response{
			StatusCode:    http.StatusOK,
			ProtoMajor:    1,
			ProtoMinor:    1,
			Header:        http.Header{"Content-Type": {"text/plain; charset=utf-8"}},
			ContentLength: int64(len(body)),
			Body:          io.NopCloser(strings.NewReader(body)),
		}
		if err := resp.Write(stream); err != nil {
			return nil
		}
	}
}
