#cloud-config
write_files:
  - path: /etc/rancher/rke2/config.yaml
    content: |
      ${indent(6, config)}
