package main

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
)

// Pod annotations that give a container's output: kapstan.dev/log for every container of the pod,
// kapstan.dev/log.<container> for one. Each line is one line the "process" printed.
const logAnnotation = "kapstan.dev/log"

type logLine struct {
	at   time.Time
	text string
}

// containerLog is what a kubelet would return for one container instance: a line when it started,
// the lines the pod's annotations give it, and a line with its exit when it terminated. A container
// waiting to restart shows its last run, as a kubelet does.
func containerLog(p *corev1.Pod, container string, previous bool) ([]logLine, error) {
	spec, status := findContainer(p, container)
	if spec == nil {
		return nil, fmt.Errorf("container %q is not valid for pod %q", container, p.Name)
	}
	output := userLines(p, container)
	if previous {
		if status == nil || status.LastTerminationState.Terminated == nil {
			return nil, fmt.Errorf("previous terminated container %q in pod %q not found", container, p.Name)
		}
		return instanceLog(p, spec, status.LastTerminationState.Terminated.StartedAt.Time, output, status.LastTerminationState.Terminated), nil
	}
	switch {
	case status == nil:
		return nil, fmt.Errorf("container %q in pod %q is waiting to start: ContainerCreating", container, p.Name)
	case status.State.Running != nil:
		return instanceLog(p, spec, status.State.Running.StartedAt.Time, output, nil), nil
	case status.State.Terminated != nil:
		return instanceLog(p, spec, status.State.Terminated.StartedAt.Time, output, status.State.Terminated), nil
	case status.LastTerminationState.Terminated != nil:
		t := status.LastTerminationState.Terminated
		return instanceLog(p, spec, t.StartedAt.Time, output, t), nil
	default:
		reason := "ContainerCreating"
		if status.State.Waiting != nil && status.State.Waiting.Reason != "" {
			reason = status.State.Waiting.Reason
		}
		return nil, fmt.Errorf("container %q in pod %q is waiting to start: %s", container, p.Name, reason)
	}
}

func userLines(p *corev1.Pod, container string) []string {
	text, ok := p.Annotations[logAnnotation+"."+container]
	if !ok {
		text = p.Annotations[logAnnotation]
	}
	text = strings.TrimRight(text, "\n")
	if text == "" {
		return nil
	}
	return strings.Split(text, "\n")
}

func instanceLog(p *corev1.Pod, spec *corev1.Container, started time.Time, output []string, exit *corev1.ContainerStateTerminated) []logLine {
	if started.IsZero() {
		started = p.CreationTimestamp.Time
	}
	lines := []logLine{{started, fmt.Sprintf("[kapstan dev cluster] started %s in pod %s/%s on %s", spec.Image, p.Namespace, p.Name, p.Spec.NodeName)}}
	for _, l := range output {
		lines = append(lines, logLine{started, l})
	}
	if exit != nil {
		at := exit.FinishedAt.Time
		if at.IsZero() {
			at = started
		}
		reason := exit.Reason
		if reason == "" {
			reason = "Completed"
		}
		lines = append(lines, logLine{at, fmt.Sprintf("[kapstan dev cluster] exited with code %d (%s)", exit.ExitCode, reason)})
	}
	return lines
}

func (k *kubeletServer) logs(w http.ResponseWriter, r *http.Request) {
	ns, name, container, ok := podAndContainer(pathParts(r.URL.Path, "/containerLogs/"))
	if !ok {
		http.Error(w, "expected /containerLogs/{namespace}/{pod}/{container}", http.StatusBadRequest)
		return
	}
	q := r.URL.Query()
	p, err := k.cluster.pod(r.Context(), ns, name)
	if err != nil {
		code := http.StatusInternalServerError
		if apierrors.IsNotFound(err) {
			code = http.StatusNotFound
		}
		http.Error(w, err.Error(), code)
		return
	}
	lines, err := containerLog(p, container, q.Get("previous") == "true")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if s, err := strconv.Atoi(q.Get("sinceSeconds")); err == nil && s > 0 {
		since := time.Now().Add(-time.Duration(s) * time.Second)
		kept := lines[:0]
		for _, l := range lines {
			if !l.at.Before(since) {
				kept = append(kept, l)
			}
		}
		lines = kept
	}
	if n, err := strconv.Atoi(q.Get("tailLines")); err == nil && n >= 0 && n < len(lines) {
		lines = lines[len(lines)-n:]
	}
	var b strings.Builder
	for _, l := range lines {
		if q.Get("timestamps") == "true" {
			b.WriteString(l.at.UTC().Format(time.RFC3339Nano) + " ")
		}
		b.WriteString(l.text + "\n")
	}
	out := b.String()
	if n, err := strconv.Atoi(q.Get("limitBytes")); err == nil && n > 0 && n < len(out) {
		out = out[:n]
	}
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte(out))
	if q.Get("follow") != "true" {
		return
	}
	if f, ok := w.(http.Flusher); ok {
		f.Flush()
	}
	// A simulated process prints nothing more: hold the stream open, like a quiet container,
	// until the client goes away or the pod is deleted.
	tick := time.NewTicker(2 * time.Second)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
			if _, err := k.cluster.pod(r.Context(), ns, name); apierrors.IsNotFound(err) {
				return
			}
		}
	}
}
