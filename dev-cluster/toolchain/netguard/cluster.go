package main

import (
	"context"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	"k8s.io/client-go/kubernetes"
	listers "k8s.io/client-go/listers/core/v1"
)

// clusterView answers the guard's and the kubelet API's questions about the dev cluster from
// informer caches, falling back to a direct read for objects the cache has not seen yet.
type clusterView struct {
	client   kubernetes.Interface
	pods     listers.PodLister
	services listers.ServiceLister
}

func (c *clusterView) serviceFor(ip string) string {
	svcs, _ := c.services.List(labels.Everything())
	for _, s := range svcs {
		for _, cip := range append([]string{s.Spec.ClusterIP}, s.Spec.ClusterIPs...) {
			if cip == ip {
				return fmt.Sprintf("Service %s/%s", s.Namespace, s.Name)
			}
		}
	}
	return "no Service known to the cluster"
}

func (c *clusterView) podFor(ip string) string {
	pods, _ := c.pods.List(labels.Everything())
	for _, p := range pods {
		if p.Status.PodIP == ip {
			return fmt.Sprintf("pod %s/%s", p.Namespace, p.Name)
		}
	}
	return "no pod known to the cluster"
}

func (c *clusterView) pod(ctx context.Context, namespace, name string) (*corev1.Pod, error) {
	if p, err := c.pods.Pods(namespace).Get(name); err == nil {
		return p, nil
	}
	return c.client.CoreV1().Pods(namespace).Get(ctx, name, metav1.GetOptions{})
}

func (c *clusterView) configMapData(ctx context.Context, namespace, name string) (map[string]string, error) {
	cm, err := c.client.CoreV1().ConfigMaps(namespace).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for k, v := range cm.Data {
		out[k] = v
	}
	for k, v := range cm.BinaryData {
		out[k] = string(v)
	}
	return out, nil
}

func (c *clusterView) secretData(ctx context.Context, namespace, name string) (map[string]string, error) {
	s, err := c.client.CoreV1().Secrets(namespace).Get(ctx, name, metav1.GetOptions{})
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for k, v := range s.Data {
		out[k] = string(v)
	}
	for k, v := range s.StringData {
		out[k] = v
	}
	return out, nil
}

func findContainer(p *corev1.Pod, name string) (*corev1.Container, *corev1.ContainerStatus) {
	var spec *corev1.Container
	for i := range p.Spec.Containers {
		if p.Spec.Containers[i].Name == name {
			spec = &p.Spec.Containers[i]
		}
	}
	for i := range p.Spec.InitContainers {
		if p.Spec.InitContainers[i].Name == name {
			spec = &p.Spec.InitContainers[i]
		}
	}
	for _, list := range [][]corev1.ContainerStatus{p.Status.ContainerStatuses, p.Status.InitContainerStatuses} {
		for i := range list {
			if list[i].Name == name {
				return spec, &list[i]
			}
		}
	}
	return spec, nil
}
