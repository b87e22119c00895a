package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/cri-streaming/pkg/streaming/remotecommand"
	utilexec "k8s.io/utils/exec"
)

// executor runs `kubectl exec` commands. No container runs on a kwok node, and running the command
// on this machine could reach any network, so exec offers a small set of built-in commands that
// see the container as Kubernetes describes it: its environment, its ConfigMap and Secret volumes,
// its hostname.
type executor struct {
	cluster *clusterView
}

const builtins = "echo, env, printenv, hostname, cat, ls, pwd, sleep, true, false, exit, sh -c"

func (e *executor) ExecInContainer(ctx context.Context, name, _ string, container string, cmd []string, in io.Reader, out, errOut io.WriteCloser, _ bool, _ <-chan remotecommand.TerminalSize, _ time.Duration) error {
	ns, podName, _ := strings.Cut(name, "/")
	p, err := e.cluster.pod(ctx, ns, podName)
	if err != nil {
		return err
	}
	spec, status := findContainer(p, container)
	if spec == nil {
		return fmt.Errorf("container %q not found in pod %s", container, name)
	}
	if status == nil || status.State.Running == nil {
		return exitCode(126, errOut, "container %q in pod %s is not running", container, name)
	}
	c := &containerView{ctx: ctx, cluster: e.cluster, pod: p, spec: spec}
	return c.run(cmd, in, out, errOut)
}

type containerView struct {
	ctx     context.Context
	cluster *clusterView
	pod     *corev1.Pod
	spec    *corev1.Container
	env     map[string]string
}

func exitCode(code int, errOut io.Writer, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if errOut != nil && msg != "" {
		fmt.Fprintln(errOut, msg)
	}
	if code == 0 {
		return nil
	}
	return utilexec.CodeExitError{Err: errors.New(msg), Code: code}
}

func (c *containerView) run(cmd []string, in io.Reader, out, errOut io.Writer) error {
	if len(cmd) == 0 {
		return exitCode(126, errOut, "no command given")
	}
	args := cmd[1:]
	switch path.Base(cmd[0]) {
	case "sh", "bash", "ash":
		if len(args) >= 2 && args[0] == "-c" {
			return c.run(c.expand(strings.Fields(args[1])), in, out, errOut)
		}
		return exitCode(126, errOut, "only `%s -c 'COMMAND'` is offered: %s", cmd[0], c.notice())
	case "echo":
		fmt.Fprintln(out, strings.Join(args, " "))
	case "true":
	case "false":
		return exitCode(1, nil, "")
	case "exit":
		n := 0
		if len(args) > 0 {
			n, _ = strconv.Atoi(args[0])
		}
		return exitCode(n, nil, "")
	case "hostname":
		fmt.Fprintln(out, c.pod.Name)
	case "pwd":
		dir := c.spec.WorkingDir
		if dir == "" {
			dir = "/"
		}
		fmt.Fprintln(out, dir)
	case "sleep":
		secs, _ := strconv.ParseFloat(firstOr(args, "0"), 64)
		select {
		case <-time.After(time.Duration(secs * float64(time.Second))):
		case <-c.ctx.Done():
		}
	case "env", "printenv":
		env := c.environment()
		if len(args) > 0 {
			v, ok := env[args[0]]
			if !ok {
				return exitCode(1, nil, "")
			}
			fmt.Fprintln(out, v)
			return nil
		}
		keys := make([]string, 0, len(env))
		for k := range env {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(out, "%s=%s\n", k, env[k])
		}
	case "cat":
		if len(args) == 0 {
			_, _ = io.Copy(out, in)
			return nil
		}
		for _, f := range args {
			content, err := c.file(f)
			if err != nil {
				return exitCode(1, errOut, "cat: %s: %v", f, err)
			}
			fmt.Fprint(out, content)
		}
	case "ls":
		dir := firstOr(args, "/")
		names, err := c.dir(dir)
		if err != nil {
			return exitCode(2, errOut, "ls: cannot access '%s': %v", dir, err)
		}
		for _, n := range names {
			fmt.Fprintln(out, n)
		}
	default:
		return exitCode(127, errOut, "%s: command not found. %s", cmd[0], c.notice())
	}
	return nil
}

func (c *containerView) notice() string {
	return fmt.Sprintf("The kapstan dev cluster runs no containers; exec offers the built-in commands %s, which see pod %s/%s as Kubernetes describes it.", builtins, c.pod.Namespace, c.pod.Name)
}

func firstOr(args []string, def string) string {
	if len(args) > 0 {
		return args[0]
	}
	return def
}

// expand replaces $NAME and ${NAME} in words with the container's environment.
func (c *containerView) expand(words []string) []string {
	env := c.environment()
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = os.Expand(strings.Trim(w, `'"`), func(k string) string { return env[k] })
	}
	return out
}

// environment is the container's env as the kubelet would set it: literal values, ConfigMap and
// Secret keys, the downward API fields a dev cluster knows, plus HOSTNAME.
func (c *containerView) environment() map[string]string {
	if c.env != nil {
		return c.env
	}
	env := map[string]string{"HOSTNAME": c.pod.Name, "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
	ns := c.pod.Namespace
	for _, from := range c.spec.EnvFrom {
		var data map[string]string
		if from.ConfigMapRef != nil {
			data, _ = c.cluster.configMapData(c.ctx, ns, from.ConfigMapRef.Name)
		} else if from.SecretRef != nil {
			data, _ = c.cluster.secretData(c.ctx, ns, from.SecretRef.Name)
		}
		for k, v := range data {
			env[from.Prefix+k] = v
		}
	}
	for _, e := range c.spec.Env {
		switch {
		case e.ValueFrom == nil:
			env[e.Name] = os.Expand(e.Value, func(k string) string { return env[k] })
		case e.ValueFrom.ConfigMapKeyRef != nil:
			if data, err := c.cluster.configMapData(c.ctx, ns, e.ValueFrom.ConfigMapKeyRef.Name); err == nil {
				if v, ok := data[e.ValueFrom.ConfigMapKeyRef.Key]; ok {
					env[e.Name] = v
				}
			}
		case e.ValueFrom.SecretKeyRef != nil:
			if data, err := c.cluster.secretData(c.ctx, ns, e.ValueFrom.SecretKeyRef.Name); err == nil {
				if v, ok := data[e.ValueFrom.SecretKeyRef.Key]; ok {
					env[e.Name] = v
				}
			}
		case e.ValueFrom.FieldRef != nil:
			switch e.ValueFrom.FieldRef.FieldPath {
			case "metadata.name":
				env[e.Name] = c.pod.Name
			case "metadata.namespace":
				env[e.Name] = ns
			case "spec.nodeName":
				env[e.Name] = c.pod.Spec.NodeName
			case "status.podIP":
				env[e.Name] = c.pod.Status.PodIP
			case "status.hostIP":
				env[e.Name] = c.pod.Status.HostIP
			case "spec.serviceAccountName":
				env[e.Name] = c.pod.Spec.ServiceAccountName
			}
		}
	}
	c.env = env
	return env
}

// mount finds the ConfigMap or Secret volume mounted at a directory of the container.
func (c *containerView) mount(dir string) (map[string]string, bool, error) {
	dir = path.Clean(dir)
	for _, m := range c.spec.VolumeMounts {
		if path.Clean(m.MountPath) != dir {
			continue
		}
		for _, v := range c.pod.Spec.Volumes {
			if v.Name != m.Name {
				continue
			}
			switch {
			case v.ConfigMap != nil:
				data, err := c.cluster.configMapData(c.ctx, c.pod.Namespace, v.ConfigMap.Name)
				return projected(data, v.ConfigMap.Items), true, err
			case v.Secret != nil:
				data, err := c.cluster.secretData(c.ctx, c.pod.Namespace, v.Secret.SecretName)
				return projected(data, v.Secret.Items), true, err
			}
			return map[string]string{}, true, nil
		}
	}
	return nil, false, nil
}

func projected(data map[string]string, items []corev1.KeyToPath) map[string]string {
	if len(items) == 0 {
		return data
	}
	out := map[string]string{}
	for _, it := range items {
		if v, ok := data[it.Key]; ok {
			out[it.Path] = v
		}
	}
	return out
}

func (c *containerView) file(f string) (string, error) {
	data, ok, err := c.mount(path.Dir(f))
	if err != nil {
		return "", err
	}
	if !ok {
		return "", errors.New("No such file or directory (only files of ConfigMap and Secret volumes exist here)")
	}
	v, found := data[path.Base(f)]
	if !found {
		return "", errors.New("No such file or directory")
	}
	return v, nil
}

func (c *containerView) dir(d string) ([]string, error) {
	data, ok, err := c.mount(d)
	if err != nil {
		return nil, err
	}
	if ok {
		names := make([]string, 0, len(data))
		for k := range data {
			names = append(names, k)
		}
		sort.Strings(names)
		return names, nil
	}
	// Other directories list the mount points below them.
	var names []string
	prefix := strings.TrimSuffix(path.Clean(d), "/") + "/"
	for _, m := range c.spec.VolumeMounts {
		if strings.HasPrefix(m.MountPath, prefix) {
			names = append(names, strings.SplitN(strings.TrimPrefix(m.MountPath, prefix), "/", 2)[0])
		}
	}
	if names == nil {
		return nil, errors.New("No such file or directory")
	}
	sort.Strings(names)
	return names, nil
}
