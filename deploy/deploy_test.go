// Package deploy checks the container image recipe and the Kubernetes
// manifests. It is a module of its own, so that k8s.io/api stays out of
// provcheck's module.
package deploy

import (
	"bufio"
	"bytes"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"

	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	"sigs.k8s.io/yaml"
)

// decodeStrict parses every document of a manifest into its API type,
// refusing unknown or misspelt fields.
func decodeStrict(t *testing.T, path string) []any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []any
	for i, doc := range regexp.MustCompile(`(?m)^---\s*$`).Split(string(b), -1) {
		if strings.TrimSpace(doc) == "" {
			continue
		}
		var meta struct{ APIVersion, Kind string }
		if err := yaml.Unmarshal([]byte(doc), &meta); err != nil {
			t.Fatalf("%s document %d: %v", path, i, err)
		}
		var obj any
		switch meta.APIVersion + " " + meta.Kind {
		case "batch/v1 Job":
			obj = &batchv1.Job{}
		case "apps/v1 Deployment":
			obj = &appsv1.Deployment{}
		case "v1 Service":
			obj = &corev1.Service{}
		case "policy/v1 PodDisruptionBudget":
			obj = &policyv1.PodDisruptionBudget{}
		case "autoscaling/v2 HorizontalPodAutoscaler":
			obj = &autoscalingv2.HorizontalPodAutoscaler{}
		default:
			t.Fatalf("%s document %d: unexpected %s %s", path, i, meta.APIVersion, meta.Kind)
		}
		if err := yaml.UnmarshalStrict([]byte(doc), obj); err != nil {
			t.Fatalf("%s document %d (%s): %v", path, i, meta.Kind, err)
		}
		out = append(out, obj)
	}
	return out
}

// checkPod holds every pod to the image's promises: non-root, read-only
// root filesystem, no privilege escalation, resources set.
func checkPod(t *testing.T, name string, spec corev1.PodSpec) corev1.Container {
	t.Helper()
	if len(spec.Containers) != 1 {
		t.Fatalf("%s: %d containers", name, len(spec.Containers))
	}
	c := spec.Containers[0]
	sc, psc := c.SecurityContext, spec.SecurityContext
	if psc == nil || psc.RunAsNonRoot == nil || !*psc.RunAsNonRoot || psc.RunAsUser == nil || *psc.RunAsUser == 0 {
		t.Errorf("%s: pod must run as a non-root user", name)
	}
	if sc == nil || sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem || sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		t.Errorf("%s: container must have a read-only root filesystem and no privilege escalation", name)
	}
	if c.Resources.Requests.Cpu().IsZero() || c.Resources.Limits.Memory().IsZero() {
		t.Errorf("%s: container needs a CPU request and a memory limit", name)
	}
	if !strings.HasPrefix(c.Image, "ghcr.io/provcheck/provcheck:") {
		t.Errorf("%s: image %s", name, c.Image)
	}
	return c
}

func TestManifests(t *testing.T) {
	scan := decodeStrict(t, "kubernetes/scan-job.yaml")[0].(*batchv1.Job)
	if scan.Spec.CompletionMode == nil || *scan.Spec.CompletionMode != batchv1.IndexedCompletion {
		t.Fatal("scan job: not an Indexed Job")
	}
	c := checkPod(t, "scan", scan.Spec.Template.Spec)
	n := *scan.Spec.Completions
	if !slices.Contains(c.Args, "--shard=$(JOB_COMPLETION_INDEX)/"+itoa(n)) || c.Args[0] != "scan" {
		t.Errorf("scan job: args %v do not shard by the completion index over %d", c.Args, n)
	}
	var shardOut, resume, cache string
	for _, a := range c.Args {
		if v, ok := strings.CutPrefix(a, "--output="); ok {
			shardOut = v
		}
		if v, ok := strings.CutPrefix(a, "--resume="); ok {
			resume = v
		}
		if v, ok := strings.CutPrefix(a, "--cache-dir="); ok {
			cache = v
		}
	}
	if !strings.Contains(shardOut, "/shards/$(JOB_COMPLETION_INDEX).ndjson") || !strings.HasPrefix(cache, "s3://") {
		t.Errorf("scan job: output %q, cache %q", shardOut, cache)
	}
	if resume != shardOut {
		// A retried pod continues its shard's report instead of scanning
		// the shard again from the start.
		t.Errorf("scan job: --resume %q, want the shard's output %q", resume, shardOut)
	}
	input := c.Args[len(c.Args)-1]
	if bucket(input) == bucket(shardOut) || bucket(input) == bucket(cache) {
		t.Errorf("scan job writes into its input bucket %s", bucket(input))
	}

	merge := decodeStrict(t, "kubernetes/merge-job.yaml")[0].(*batchv1.Job)
	mc := checkPod(t, "merge", merge.Spec.Template.Spec)
	var parts []string
	for _, a := range mc.Args {
		if strings.HasSuffix(a, ".ndjson") {
			parts = append(parts, a)
		}
	}
	for i := range int(n) {
		want := strings.Replace(shardOut, "$(JOB_COMPLETION_INDEX)", itoa(int32(i)), 1)
		if !slices.Contains(parts, want) {
			t.Errorf("merge job does not read shard %s", want)
		}
	}

	objs := decodeStrict(t, "kubernetes/serve.yaml")
	var kinds []string
	for _, o := range objs {
		switch o := o.(type) {
		case *appsv1.Deployment:
			kinds = append(kinds, "Deployment")
			c := checkPod(t, "serve", o.Spec.Template.Spec)
			if c.ReadinessProbe == nil || c.ReadinessProbe.HTTPGet.Path != "/readyz" || c.LivenessProbe == nil || c.LivenessProbe.HTTPGet.Path != "/healthz" {
				t.Errorf("serve: probes must be /readyz and /healthz")
			}
			hasToken := false
			for _, e := range c.Env {
				hasToken = hasToken || (e.Name == "PROVCHECK_TOKEN" && e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil)
			}
			if !hasToken {
				t.Errorf("serve: listens on the network without PROVCHECK_TOKEN from a Secret")
			}
		case *corev1.Service:
			kinds = append(kinds, "Service")
		case *policyv1.PodDisruptionBudget:
			kinds = append(kinds, "PodDisruptionBudget")
		case *autoscalingv2.HorizontalPodAutoscaler:
			kinds = append(kinds, "HorizontalPodAutoscaler")
		}
	}
	slices.Sort(kinds)
	if want := []string{"Deployment", "HorizontalPodAutoscaler", "PodDisruptionBudget", "Service"}; !slices.Equal(kinds, want) {
		t.Errorf("serve.yaml holds %v, want %v", kinds, want)
	}
}

func bucket(url string) string {
	b, _, _ := strings.Cut(strings.TrimPrefix(url, "s3://"), "/")
	return b
}

func itoa(n int32) string {
	var b []byte
	if n == 0 {
		return "0"
	}
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// TestDockerfile reads the Dockerfile as a builder would (no docker engine
// here), runs its build stage's go build line, and checks the binary is
// static and runs as the non-root user the final stage names.
func TestDockerfile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	b, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	var (
		stages              []string
		build, user, base   string
		entrypoint, copyBin string
	)
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		instr, rest, _ := strings.Cut(line, " ")
		switch strings.ToUpper(instr) {
		case "FROM":
			stages = append(stages, rest)
			base = strings.Fields(rest)[0]
		case "RUN":
			if strings.Contains(rest, "go build") {
				build = rest
			}
		case "USER":
			user = rest
		case "ENTRYPOINT":
			entrypoint = rest
		case "COPY":
			if strings.HasPrefix(rest, "--from=") {
				copyBin = rest
			}
		}
	}
	if len(stages) < 2 {
		t.Fatalf("want a multi-stage build, got %d stages", len(stages))
	}
	if !strings.HasPrefix(base, "gcr.io/distroless/static") && base != "scratch" {
		t.Errorf("final stage is %s, want distroless static or scratch", base)
	}
	if entrypoint != `["provcheck"]` {
		t.Errorf("ENTRYPOINT %s", entrypoint)
	}
	uid, _, _ := strings.Cut(user, ":")
	if uid == "" || uid == "0" || uid == "root" {
		t.Fatalf("USER %q: the image must run as a non-root user", user)
	}
	if !strings.Contains(build, "CGO_ENABLED=0") {
		t.Errorf("build line %q does not disable cgo", build)
	}
	// Run the build line with its output redirected here.
	m := regexp.MustCompile(`-o\s+(\S+)`).FindStringSubmatch(build)
	if m == nil || !strings.Contains(copyBin, m[1]) {
		t.Fatalf("build line %q and COPY %q disagree on the binary", build, copyBin)
	}
	// A folder the image's user may enter (t.TempDir's parent is private).
	dir, err := os.MkdirTemp("", "provcheck-image-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "provcheck")
	cmdline := strings.Replace(build, m[0], "-o "+out, 1)
	cmd := exec.Command("sh", "-c", cmdline)
	cmd.Dir = ".."
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", cmdline, err, msg)
	}
	f, err := elf.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("the binary asks for a dynamic loader: not static")
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("the binary needs shared libraries %v", libs)
	}
	// It runs as the image's user (when this test may switch users).
	run := exec.Command(out, "version")
	if os.Geteuid() == 0 {
		var id uint32
		for _, c := range uid {
			id = id*10 + uint32(c-'0')
		}
		run.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: id, Gid: id}}
		run.Env = []string{"HOME=/nonexistent"}
	} else {
		t.Logf("not root: running as uid %d instead of %s", os.Geteuid(), uid)
	}
	if msg, err := run.CombinedOutput(); err != nil || !strings.Contains(string(msg), "provcheck") {
		t.Fatalf("provcheck version as uid %s: %v: %s", uid, err, msg)
	}
}
