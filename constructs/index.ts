export * from "./bastion/bastion";
export * from "./keys/key-store";
export * from "./kubernetes/kubernetes-cluster";
export * from "./network/isolated-network";
export * from "./network/security-group";
export * from "./regional-eds/regional-eds-foundation";
export * from "./state/state-backend";
export * from "./storage/encrypted-storage";
