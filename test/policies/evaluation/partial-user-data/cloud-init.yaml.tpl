#cloud-config
write_files:
%{ if is_server ~}
  - path: /etc/rancher/rke2/config.yaml
    permissions: "0600"
    content: |
      token: ${token}
      cni: ${cni}
%{ endif ~}
  - path: /etc/motd
    content: "RKE2 node"
