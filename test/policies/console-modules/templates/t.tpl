%{ for s in servers ~}
Host ${s.name}
  HostName ${s.ip}
  Port ${port}
%{ endfor ~}
