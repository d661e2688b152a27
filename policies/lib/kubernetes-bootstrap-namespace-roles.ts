// Written by scripts/refresh-kubernetes-bootstrap-roles.ts (npm run kubernetes-bootstrap-roles) from:
//   kubernetes/kubernetes@008b3652959ca58af8be3fb5b6ecfe9ae7638282:plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/namespace-roles.yaml
import type { BootstrapRole } from "./rbac";

export const bootstrapNamespaceRoles: readonly BootstrapRole[] = [
  {"name":"system:controller:bootstrap-signer","namespace":"kube-public","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"},"rules":[
    {"apiGroups":[""],"resources":["configmaps"],"verbs":["get","list","watch"]},
    {"apiGroups":[""],"resources":["configmaps"],"resourceNames":["cluster-info"],"verbs":["update"]},
    {"apiGroups":["","events.k8s.io"],"resources":["events"],"verbs":["create","patch","update"]},
  ]},
  {"name":"extension-apiserver-authentication-reader","namespace":"kube-system","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"},"rules":[
    {"apiGroups":[""],"resources":["configmaps"],"resourceNames":["extension-apiserver-authentication"],"verbs":["get","list","watch"]},
  ]},
  {"name":"system::leader-locking-kube-controller-manager","namespace":"kube-system","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"},"rules":[
    {"apiGroups":["coordination.k8s.io"],"resources":["leases"],"verbs":["create","get","list","update","watch"]},
    {"apiGroups":["coordination.k8s.io"],"resources":["leasecandidates"],"verbs":["create","get","list","update","watch"]},
  ]},
  {"name":"system::leader-locking-kube-scheduler","namespace":"kube-system","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"},"rules":[
    {"apiGroups":["coordination.k8s.io"],"resources":["leases"],"verbs":["create","get","list","update","watch"]},
    {"apiGroups":["coordination.k8s.io"],"resources":["leasecandidates"],"verbs":["create","get","list","update","watch"]},
  ]},
  {"name":"system:controller:bootstrap-signer","namespace":"kube-system","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"},"rules":[
    {"apiGroups":[""],"resources":["secrets"],"verbs":["get","list","watch"]},
  ]},
  {"name":"system:controller:cloud-provider","namespace":"kube-system","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"},"rules":[
    {"apiGroups":[""],"resources":["configmaps"],"verbs":["create","get","list","watch"]},
  ]},
  {"name":"system:controller:token-cleaner","namespace":"kube-system","labels":{"kubernetes.io/bootstrapping":"rbac-defaults"},"rules":[
    {"apiGroups":[""],"resources":["secrets"],"verbs":["delete","get","list","watch"]},
    {"apiGroups":["","events.k8s.io"],"resources":["events"],"verbs":["create","patch","update"]},
  ]},
];
