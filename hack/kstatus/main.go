// Command kstatus prints the kstatus of Kubernetes objects, computed by the real library
// (sigs.k8s.io/cli-utils/pkg/kstatus/status, status.Compute), for Modelgate's tests.
//
// It reads JSON from stdin: one object, a List (as `kubectl get -o json` prints it), or
// several of them one after the other. For each object it prints one line of JSON:
//
//	{"kind":"ModelRevision","namespace":"ns","name":"fraud-r1","status":"Current","message":"Resource is Ready"}
//
// status is one of InProgress, Current, Failed, Terminating, NotFound, Unknown. On input
// that is not JSON, an object without a kind, or an object status.Compute refuses, it
// prints a message on stderr and exits 1 (lines already printed stay printed).
//
// Built by hack/build-kstatus.sh.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

type line struct {
	Kind      string `json:"kind"`
	Namespace string `json:"namespace"`
	Name      string `json:"name"`
	Status    string `json:"status"`
	Message   string `json:"message"`
}

func main() {
	if len(os.Args) > 1 {
		fmt.Fprintln(os.Stderr, "usage: kstatus < objects.json   (one object, a List, or several; one line of JSON out per object)")
		os.Exit(2)
	}
	out := bufio.NewWriter(os.Stdout)
	err := run(os.Stdin, out)
	if flushErr := out.Flush(); err == nil {
		err = flushErr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "kstatus:", err)
		os.Exit(1)
	}
}

func run(in io.Reader, out io.Writer) error {
	decoder := json.NewDecoder(in)
	encoder := json.NewEncoder(out)
	documents := 0
	for {
		var raw json.RawMessage
		if err := decoder.Decode(&raw); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return fmt.Errorf("document %d is not JSON: %w", documents+1, err)
		}
		documents++
		objects, err := decode(raw)
		if err != nil {
			return fmt.Errorf("document %d: %w", documents, err)
		}
		for _, u := range objects {
			result, err := status.Compute(u)
			if err != nil {
				return fmt.Errorf("%s %s: %w", u.GetKind(), identity(u), err)
			}
			if err := encoder.Encode(line{u.GetKind(), u.GetNamespace(), u.GetName(), string(result.Status), result.Message}); err != nil {
				return err
			}
		}
	}
	if documents == 0 {
		return errors.New("no JSON object on stdin")
	}
	return nil
}

// decode turns one JSON document into its objects: itself, or a list's items.
func decode(raw []byte) ([]*unstructured.Unstructured, error) {
	obj, err := runtime.Decode(unstructured.UnstructuredJSONScheme, raw)
	if err != nil {
		return nil, err
	}
	switch o := obj.(type) {
	case *unstructured.Unstructured:
		return []*unstructured.Unstructured{o}, nil
	case *unstructured.UnstructuredList:
		items := make([]*unstructured.Unstructured, 0, len(o.Items))
		for i := range o.Items {
			if o.Items[i].GetKind() == "" {
				return nil, fmt.Errorf("item %d of the %s has no kind", i, o.GetKind())
			}
			items = append(items, &o.Items[i])
		}
		return items, nil
	default:
		return nil, fmt.Errorf("unexpected %T", obj)
	}
}

// identity is namespace/name, or the name alone for a cluster-scoped object.
func identity(u *unstructured.Unstructured) string {
	if u.GetNamespace() == "" {
		return u.GetName()
	}
	return u.GetNamespace() + "/" + u.GetName()
}
