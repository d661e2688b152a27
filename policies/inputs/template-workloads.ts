import { isMap } from "../lib/helm";
import { groupKindOf } from "../lib/kubernetes";
import { type Path, templatesIn, viewOfTemplates, type WorkflowPods } from "./argo-workflows";

/**
 * Where the workloads of analysis and training projects hold the pod templates of the pods their controllers run, as
 * written, under their spec (`*` stands for each item of a list or each value of a map):
 * - Kubeflow's Notebook (kubeflow/kubeflow components/notebook-controller api: NotebookSpec.Template, a pod spec);
 * - KubeRay's RayCluster, RayJob and RayService (ray-operator apis/ray/v1: HeadGroupSpec.Template,
 *   WorkerGroupSpecs[].Template; a RayJob's RayClusterSpec and SubmitterPodTemplate; a RayService's RayClusterConfig);
 * - Kubeflow's training jobs (training-operator pkg/apis/kubeflow.org/v1: each ReplicaSpec.Template of a PyTorchJob's
 *   pytorchReplicaSpecs, a TFJob's tfReplicaSpecs and the like, by role);
 * - Volcano's Job (volcano apis batch/v1alpha1: Tasks[].Template);
 * - JobSet (jobset api/jobset/v1alpha2: ReplicatedJobs[].Template, a Job template, whose spec holds the pod template).
 */
const templatesAt: Readonly<Record<string, readonly Path[]>> = {
  "kubeflow.org/Notebook": [["template"]],
  "ray.io/RayCluster": [
    ["headGroupSpec", "template"],
    ["workerGroupSpecs", "*", "template"],
  ],
  "ray.io/RayJob": [["rayClusterSpec", "headGroupSpec", "template"], ["rayClusterSpec", "workerGroupSpecs", "*", "template"], ["submitterPodTemplate"]],
  "ray.io/RayService": [
    ["rayClusterConfig", "headGroupSpec", "template"],
    ["rayClusterConfig", "workerGroupSpecs", "*", "template"],
  ],
  "kubeflow.org/PyTorchJob": [["pytorchReplicaSpecs", "*", "template"]],
  "kubeflow.org/TFJob": [["tfReplicaSpecs", "*", "template"]],
  "kubeflow.org/XGBoostJob": [["xgbReplicaSpecs", "*", "template"]],
  "kubeflow.org/PaddleJob": [["paddleReplicaSpecs", "*", "template"]],
  "kubeflow.org/JAXJob": [["jaxReplicaSpecs", "*", "template"]],
  "kubeflow.org/MPIJob": [["mpiReplicaSpecs", "*", "template"]],
  "batch.volcano.sh/Job": [["tasks", "*", "template"]],
  "jobset.x-k8s.io/JobSet": [["replicatedJobs", "*", "template", "spec", "template"]],
};

/**
 * The pods a notebook, a Ray cluster, a training job, a Volcano job or a JobSet runs, viewed as a Deployment whose
 * templates are the ones it holds (templatesAt), each finding at the template's field: their controllers run them as
 * written, so a privileged container or a hostPath volume there is one in the pods. Undefined for any other object.
 */
export function heldTemplatePods(manifest: Record<string, unknown>): WorkflowPods | undefined {
  const { apiVersion, kind, spec } = manifest;
  if (typeof apiVersion !== "string" || !isMap(spec)) return undefined;
  const workload = groupKindOf(apiVersion, kind);
  const paths = Object.hasOwn(templatesAt, workload) ? templatesAt[workload]! : [];
  const templates = paths.flatMap((path) => templatesIn(spec, path));
  return templates.length === 0 ? undefined : viewOfTemplates(manifest, templates);
}
