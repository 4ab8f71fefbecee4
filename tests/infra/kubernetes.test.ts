/**
 * The Kubernetes manifests (infra/k8s) as a cluster would receive them: rendered by
 * `kubectl kustomize`, each object validated against the Kubernetes API's schema
 * (kubernetes-models), then checked for what operating Sasaeai needs: non-root, read-only root
 * filesystem, resources, probes, secrets from the Secret, an HPA and a PDB per Deployment.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: { name: string; containerPort: number }[];
  envFrom?: { configMapRef?: { name: string }; secretRef?: { name: string } }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
  livenessProbe?: { httpGet?: { path: string; port: string } };
  readinessProbe?: { httpGet?: { path: string; port: string } };
  volumeMounts?: { name: string; mountPath: string }[];
}
interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: {
    securityContext?: { runAsNonRoot?: boolean };
    automountServiceAccountToken?: boolean;
    containers: Container[];
  };
}

const root = fileURLToPath(new URL('../../infra/k8s/', import.meta.url));

const validators: Record<string, (object: Manifest) => void> = {
  'apps/v1 Deployment': (o) => new Deployment(o as never).validate(),
  'batch/v1 Job': (o) => new Job(o as never).validate(),
  'autoscaling/v2 HorizontalPodAutoscaler': (o) =>
    new HorizontalPodAutoscaler(o as never).validate(),
  'policy/v1 PodDisruptionBudget': (o) => new PodDisruptionBudget(o as never).validate(),
  'v1 Service': (o) => new Service(o as never).validate(),
  'v1 ConfigMap': (o) => new ConfigMap(o as never).validate(),
};

function render(dir: string): Manifest[] {
  const yaml = execFileSync('kubectl', ['kustomize', `${root}${dir}`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return parseAllDocuments(yaml).map((document) => document.toJS() as Manifest);
}

/** Throws with the schema's complaint when an object is not valid for its kind. */
function validate(object: Manifest): void {
  const validator = validators[`${object.apiVersion} ${object.kind}`];
  if (!validator) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
  validator(object);
}

const podOf = (workload: Manifest) => (workload.spec as { template: PodTemplate }).template;

const named = (objects: Manifest[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

describe.each(['base', 'overlays/production'])('infra/k8s/%s', (dir) => {
  const objects = render(dir);

  it('renders every object the system needs, each valid against the Kubernetes schema', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/sasaeai-config',
      'Deployment/sasaeai-api',
      'Deployment/sasaeai-worker',
      'HorizontalPodAutoscaler/sasaeai-api',
      'HorizontalPodAutoscaler/sasaeai-worker',
      'Job/sasaeai-migrate',
      'PodDisruptionBudget/sasaeai-api',
      'PodDisruptionBudget/sasaeai-worker',
      'Service/sasaeai-api',
    ]);
    for (const object of objects)
      expect(() => validate(object), object.metadata.name).not.toThrow();
  });

  it('runs every container unprivileged, read-only, with resources and secrets from the Secret', () => {
    const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job');
    expect(workloads).toHaveLength(3);
    for (const workload of workloads) {
      const pod = podOf(workload);
      expect(pod.spec.securityContext?.runAsNonRoot, workload.metadata.name).toBe(true);
      expect(pod.spec.automountServiceAccountToken).toBe(false);
      for (const container of pod.spec.containers) {
        const where = `${workload.metadata.name}/${container.name}`;
        expect(container.securityContext, where).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        // Node writes temporary files: /tmp is the one writable place.
        expect(container.volumeMounts, where).toContainEqual({ name: 'tmp', mountPath: '/tmp' });
        expect(Object.keys(container.resources?.requests ?? {}).sort(), where).toEqual([
          'cpu',
          'memory',
        ]);
        expect(container.resources?.limits?.memory, where).toBeDefined();
        expect(container.envFrom, where).toEqual([
          { configMapRef: { name: 'sasaeai-config' } },
          { secretRef: { name: 'sasaeai-secrets' } },
        ]);
      }
    }
    expect(named(objects, 'ConfigMap', 'sasaeai-config')).toBeDefined();
  });

  it('runs the compiled services with plain node, never the tsx loader', () => {
    expect(JSON.stringify(objects)).not.toContain('tsx');
    const migrate = podOf(named(objects, 'Job', 'sasaeai-migrate')!).spec.containers[0]!;
    // The same path tests/runtime/deploy.test.ts runs in the `pnpm deploy --prod` bundle.
    expect(migrate.command).toEqual(['node', 'node_modules/@sasaeai/db/dist/cli/migrate.js']);
    for (const name of ['sasaeai-api', 'sasaeai-worker']) {
      // The image's CMD (`node dist/...`) starts it.
      const [container] = podOf(named(objects, 'Deployment', name)!).spec.containers;
      expect(container!.command, name).toBeUndefined();
    }
  });

  it('gives each Deployment an autoscaler and a disruption budget that select its pods', () => {
    for (const name of ['sasaeai-api', 'sasaeai-worker']) {
      const deployment = named(objects, 'Deployment', name)!;
      const labels = podOf(deployment).metadata.labels;
      const hpa = named(objects, 'HorizontalPodAutoscaler', name)!;
      expect(hpa.spec).toMatchObject({ scaleTargetRef: { kind: 'Deployment', name } });
      expect((hpa.spec as { minReplicas: number }).minReplicas).toBeGreaterThanOrEqual(2);
      const pdb = named(objects, 'PodDisruptionBudget', name)!;
      const selector = (pdb.spec as { selector: { matchLabels: Record<string, string> } }).selector;
      expect(labels).toMatchObject(selector.matchLabels);
    }
    const service = named(objects, 'Service', 'sasaeai-api')!;
    expect(podOf(named(objects, 'Deployment', 'sasaeai-api')!).metadata.labels).toMatchObject(
      (service.spec as { selector: Record<string, string> }).selector,
    );
  });

  it('probes the API on its health routes and the worker on its metrics port', () => {
    const [api] = podOf(named(objects, 'Deployment', 'sasaeai-api')!).spec.containers;
    expect(api?.ports).toContainEqual({ name: 'http', containerPort: 3000 });
    expect(api?.livenessProbe?.httpGet).toEqual({ path: '/api/healthz', port: 'http' });
    expect(api?.readinessProbe?.httpGet).toEqual({ path: '/api/readyz', port: 'http' });
    const [worker] = podOf(named(objects, 'Deployment', 'sasaeai-worker')!).spec.containers;
    expect(worker?.ports).toContainEqual({ name: 'metrics', containerPort: 9464 });
    expect(worker?.livenessProbe?.httpGet).toEqual({ path: '/metrics', port: 'metrics' });
  });
});

describe('the production overlay', () => {
  const objects = render('overlays/production');

  it('puts everything in its namespace, with release images from the registry', () => {
    for (const object of objects) expect(object.metadata.namespace).toBe('sasaeai');
    const images = objects
      .filter((o) => o.kind === 'Deployment' || o.kind === 'Job')
      .flatMap((o) => podOf(o).spec.containers.map((c) => c.image));
    expect(images.sort()).toEqual([
      'registry.example.jp/sasaeai/api:2026.12.0',
      'registry.example.jp/sasaeai/api:2026.12.0',
      'registry.example.jp/sasaeai/worker:2026.12.0',
    ]);
    expect(named(objects, 'HorizontalPodAutoscaler', 'sasaeai-api')?.spec).toMatchObject({
      minReplicas: 3,
      maxReplicas: 10,
    });
  });
});

describe('the schema check itself', () => {
  it('refuses a Deployment without a selector, a field of the wrong type and an unknown kind', () => {
    const [deployment] = render('base').filter((o) => o.kind === 'Deployment');
    const broken = structuredClone(deployment!);
    delete (broken.spec as { selector?: unknown }).selector;
    expect(() => validate(broken)).toThrow(/selector/);
    const wrongType = structuredClone(deployment!);
    (wrongType.spec as { replicas: unknown }).replicas = 'two';
    expect(() => validate(wrongType)).toThrow(/replicas/);
    expect(() => validate({ ...deployment!, kind: 'Deploymnet' })).toThrow(/no schema/);
  });
});
